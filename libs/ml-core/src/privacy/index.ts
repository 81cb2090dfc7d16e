// Privacy area of ml-core (server-only: uses node:crypto). RDP accounting, DP-SGD, federated averaging
// with secure aggregation, k-anonymity / l-diversity, keyed pseudonymisation and field encryption.
export { computeEpsilon, computeRdp, DEFAULT_RDP_ORDERS, epsilonFromRdp, noiseForTargetEpsilon } from './rdp-accountant';
export type { ComputeRdpOptions, DpSgdPrivacyOptions, EpsilonFromRdpOptions, NoiseForTargetEpsilonOptions, RdpConversion } from './rdp-accountant';
export { dpSgdStep, poissonSample } from './dp-sgd';
export type { DpSgdStepOptions, DpSgdStepResult } from './dp-sgd';
export { maskUpdate, readWeights, runFedAvgRound, Site, unmaskSum, writeWeights } from './federated';
export type { FedAvgRoundOptions, FedAvgRoundResult, LocalTrainingOptions, MaskUpdateOptions, WeightVector } from './federated';
export { ageBands, anonymise, categoryRollup, checkKAnonymity, checkLDiversity, numericBands } from './k-anonymity';
export type { AnonymiseOptions, AnonymiseReport, CellValue, DataRow, EquivalenceCheck, Hierarchy } from './k-anonymity';
export { createPseudonymiser, PrivacyKeyError } from './pseudonymise';
export type { CreatePseudonymiserOptions, Pseudonymiser } from './pseudonymise';
export { createFieldCipher, FieldDecryptionError } from './field-encryption';
export type { CreateFieldCipherOptions, FieldCipher } from './field-encryption';
export { cryptoRng, seededRng } from './random';
export type { Rng } from './random';
