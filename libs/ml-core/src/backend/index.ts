// Backend area of ml-core: picks the best tfjs backend present and patches the kernels it lacks.
export { BACKEND_PRIORITY, getBackendInfo, initBackend } from './backend-registry';
export type { BackendId, BackendInfo } from './backend-registry';
export { registerWasmConv2DBackpropFilter } from './wasm-conv2d-backprop-filter';
