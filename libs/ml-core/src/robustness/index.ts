// Robustness area of ml-core: FGSM / PGD (L∞) with tabular constraints (bounds, integer grids, frozen features,
// one-hot groups) and image clipping, robust-accuracy curves, and adversarial training via trainModel.
export { fgsm, perExampleLoss, pgd, predictClasses } from './attacks';
export type { AttackLabels, AttackModel, AttackOptions, PgdOptions } from './attacks';
export { imageConstraints } from './constraints';
export type { PerturbationConstraints } from './constraints';
export { robustAccuracyCurve } from './robust-accuracy';
export type { AttackSpec, PgdSpec, RobustAccuracyOptions, RobustAccuracyPoint } from './robust-accuracy';
export { createAdversarialTransform } from './adversarial-training';
export type { AdversarialTransformOptions } from './adversarial-training';
