// Training area of ml-core: the seeded training loop, losses, LR schedules, augmentation and checkpoints.
export { trainModel } from './train-model';
export type { EarlyStoppingOptions, EpochRecord, TrainingData, TrainingProgress, TrainingRecord, TrainModelOptions } from './train-model';
export { metricNameOf, perSampleLoss, perSampleMetric } from './losses';
export type { LossSpec } from './losses';
export { createOptimizer, learningRateAt } from './lr-schedule';
export type { LrSchedule, OptimizerSpec, SchedulableOptimizer } from './lr-schedule';
export { augmentImageBatch, createImageAugmenter } from './augment';
export type { BatchTransform, ImageAugmentOptions } from './augment';
export { fileSystemIO } from './checkpoint-io';
