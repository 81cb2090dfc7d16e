// Public entry of ml-core: vertical-agnostic ML. The pure, dependency-light areas are re-exported here;
// areas that load native or Node-only modules are imported by subpath (`@platform/ml-core/onnx`, `/data`,
// `/privacy`, `/backend`, `/models`, `/train`, `/gbdt`) so nothing heavy is pulled in by accident.
export * from './evaluation';
export * from './tuning';
export * as explain from './explain';
export * as fairness from './fairness';
export { readMlCoreEnv, ZMlCoreEnv, ML_BACKEND_IDS } from './env';
export type { TMlCoreEnv } from './env';
