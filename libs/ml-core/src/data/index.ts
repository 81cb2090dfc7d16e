// Data area of ml-core: readers (.npy/.npz, typed CSV), splits, scalers/encoders, fingerprints, seeded PRNG.
// Server-only: uses node:fs, node:zlib and node:crypto.
export { createRng } from './prng';
export type { Rng } from './prng';
export { parseNpy, parseNpz, readNpy, readNpz, toFloat64 } from './npy';
export type { NdArray, NpyData, NpyDtype } from './npy';
export { readZip } from './zip';
export { fingerprint } from './fingerprint';
export type { FingerprintInput } from './fingerprint';
export { parseCsv, readCsv } from './csv';
export type { ColumnSpec, CsvError, CsvOptions, CsvResult, CsvRow, CsvSchema } from './csv';
export { kFold, stratifiedKFold, stratifiedSplit, timeSplit } from './split';
export type { Fold, SplitFractions, SplitIndices } from './split';
export { Standardiser, ZStandardiserJson } from './standardiser';
export type { TStandardiserJson } from './standardiser';
export { OneHotEncoder, ZOneHotJson } from './one-hot';
export type { TOneHotJson } from './one-hot';
