// Model builders of ml-core (tfjs layers). Only layers the ONNX exporter maps are used.
export { buildLogisticRegression, buildMlp } from './tabular';
export type { MlpOptions, TabularModelOptions } from './tabular';
export { buildSmallImageCnn } from './image-cnn';
export type { SmallImageCnnOptions } from './image-cnn';
export { buildGlobalForecaster } from './forecaster';
export type { GlobalForecasterOptions } from './forecaster';
export { buildEmbeddingRecommender } from './recommender';
export type { EmbeddingRecommenderOptions } from './recommender';
