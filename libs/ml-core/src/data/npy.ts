import { readFile } from 'node:fs/promises';
import { readZip } from './zip';

/** dtypes this reader understands (numpy `descr` without the byte-order character). */
export type NpyDtype = 'u1' | 'i1' | 'b1' | 'u2' | 'i2' | 'u4' | 'i4' | 'i8' | 'u8' | 'f4' | 'f8';

export type NpyData =
  | Uint8Array
  | Int8Array
  | Uint16Array
  | Int16Array
  | Uint32Array
  | Int32Array
  | BigInt64Array
  | BigUint64Array
  | Float32Array
  | Float64Array;

/** An n-dimensional array in C (row-major) order, as stored in a .npy file. */
export interface NdArray {
  dtype: NpyDtype;
  shape: number[];
  data: NpyData;
}

const ITEM_SIZE: Record<NpyDtype, number> = {
  u1: 1, i1: 1, b1: 1, u2: 2, i2: 2, u4: 4, i4: 4, i8: 8, u8: 8, f4: 4, f8: 8,
};

const MAGIC = [0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59]; // "\x93NUMPY"

/**
 * Parses the bytes of a .npy file (format versions 1, 2 and 3).
 * @example
 * const arr = parseNpy({ bytes: await readFile('x.npy') });
 * arr.shape; // [4708, 28, 28]
 */
export function parseNpy({ bytes, name = 'npy' }: { bytes: Uint8Array; name?: string }): NdArray {
  if (bytes.length < 10 || MAGIC.some((b, i) => bytes[i] !== b)) {
    throw new Error(`parseNpy(${name}): not a .npy file (missing \\x93NUMPY magic)`);
  }
  const major = bytes[6];
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let headerLen: number;
  let headerStart: number;
  if (major === 1) {
    headerLen = view.getUint16(8, true);
    headerStart = 10;
  } else if (major === 2 || major === 3) {
    if (bytes.length < 12) throw new Error(`parseNpy(${name}): truncated header`);
    headerLen = view.getUint32(8, true);
    headerStart = 12;
  } else {
    throw new Error(`parseNpy(${name}): unsupported .npy format version ${String(major)}`);
  }
  const dataStart = headerStart + headerLen;
  if (dataStart > bytes.length) throw new Error(`parseNpy(${name}): header runs past end of file`);
  // v1/v2 headers are latin1, v3 is utf8; the dict itself is ASCII either way.
  const header = new TextDecoder(major === 3 ? 'utf-8' : 'latin1').decode(bytes.subarray(headerStart, dataStart));

  const descr = /'descr'\s*:\s*'([^']*)'/.exec(header)?.[1];
  const fortran = /'fortran_order'\s*:\s*(True|False)/.exec(header)?.[1];
  const shapeText = /'shape'\s*:\s*\(([^)]*)\)/.exec(header)?.[1];
  if (descr === undefined || fortran === undefined || shapeText === undefined) {
    throw new Error(`parseNpy(${name}): cannot parse header ${JSON.stringify(header.trim())}`);
  }
  if (fortran === 'True') {
    // Callers index data as row-major; silently returning column-major data would scramble images.
    throw new Error(`parseNpy(${name}): fortran_order=True is not supported; save with np.ascontiguousarray`);
  }
  const shape = shapeText
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s.length > 0)
    .map((s) => {
      const n = Number(s.replace(/L$/, ''));
      if (!Number.isInteger(n) || n < 0) throw new Error(`parseNpy(${name}): bad shape entry "${s}"`);
      return n;
    });

  const order = descr[0];
  const code = descr.slice(1);
  if (!isDtype(code) || (order !== '<' && order !== '|' && order !== '>' && order !== '=')) {
    throw new Error(`parseNpy(${name}): unsupported dtype "${descr}" (supported: ${Object.keys(ITEM_SIZE).join(', ')})`);
  }
  const itemSize = ITEM_SIZE[code];
  const count = shape.reduce((a, b) => a * b, 1);
  const byteLength = count * itemSize;
  if (dataStart + byteLength > bytes.length) {
    throw new Error(
      `parseNpy(${name}): expected ${byteLength} data bytes for shape (${shape.join(', ')}) ${descr}, found ${bytes.length - dataStart}`,
    );
  }
  // Copy into a fresh buffer: the source offset is rarely aligned for a typed-array view.
  const raw = bytes.slice(dataStart, dataStart + byteLength);
  if (order === '>' && itemSize > 1) swapBytes(raw, itemSize);
  return { dtype: code, shape, data: makeTyped(code, raw.buffer) };
}

/**
 * Parses the bytes of a .npz archive (a zip of .npy files, deflated or stored) into named arrays.
 * @example
 * const arrays = parseNpz({ bytes });
 * arrays['train_images']?.shape; // [4708, 28, 28]
 */
export function parseNpz({ bytes, names }: { bytes: Uint8Array; names?: readonly string[] }): Record<string, NdArray> {
  const wanted = names ? new Set(names.map((n) => n.replace(/\.npy$/, ''))) : null;
  const entries = readZip({ bytes, filter: (entry) => wanted === null || wanted.has(entry.replace(/\.npy$/, '')) });
  const out: Record<string, NdArray> = {};
  for (const [entryName, content] of entries) {
    if (!entryName.endsWith('.npy')) continue;
    const key = entryName.slice(0, -4);
    out[key] = parseNpy({ bytes: content, name: entryName });
  }
  if (wanted) {
    const missing = [...wanted].filter((n) => !(n in out));
    if (missing.length > 0) {
      throw new Error(`parseNpz: arrays not found: ${missing.join(', ')} (archive has ${[...entries.keys()].join(', ')})`);
    }
  }
  return out;
}

/**
 * Reads a .npy file from disk.
 * @example
 * const arr = await readNpy({ path: 'weights.npy' });
 */
export async function readNpy({ path }: { path: string }): Promise<NdArray> {
  return parseNpy({ bytes: await readBytes(path, 'readNpy'), name: path });
}

/**
 * Reads a .npz archive from disk; `names` limits which arrays are decompressed.
 * @example
 * const { train_images, train_labels } = await readNpz({ path: `${dataDir}/medmnist/pneumoniamnist.npz` });
 */
export async function readNpz({ path, names }: { path: string; names?: readonly string[] }): Promise<Record<string, NdArray>> {
  try {
    return parseNpz({ bytes: await readBytes(path, 'readNpz'), names });
  } catch (err) {
    if (err instanceof Error && !err.message.includes(path)) throw new Error(`${err.message} [${path}]`, { cause: err });
    throw err;
  }
}

/**
 * Converts any NdArray's data to Float64Array (int64 via Number, exact up to 2^53).
 * @example
 * const x = toFloat64({ array: arrays['train_images'] });
 */
export function toFloat64({ array }: { array: NdArray }): Float64Array {
  const { data } = array;
  if (data instanceof BigInt64Array || data instanceof BigUint64Array) {
    const out = new Float64Array(data.length);
    for (let i = 0; i < data.length; i++) out[i] = Number(data[i]);
    return out;
  }
  return Float64Array.from(data);
}

async function readBytes(path: string, fn: string): Promise<Uint8Array> {
  try {
    return new Uint8Array(await readFile(path));
  } catch (err) {
    const code = err instanceof Error && 'code' in err ? String(err.code) : 'unknown';
    throw new Error(`${fn}: cannot read "${path}" (${code})`, { cause: err });
  }
}

function isDtype(code: string): code is NpyDtype {
  return Object.prototype.hasOwnProperty.call(ITEM_SIZE, code);
}

function swapBytes(raw: Uint8Array, size: number): void {
  for (let i = 0; i < raw.length; i += size) {
    for (let a = i, b = i + size - 1; a < b; a++, b--) {
      const t = raw[a] ?? 0;
      raw[a] = raw[b] ?? 0;
      raw[b] = t;
    }
  }
}

function makeTyped(code: NpyDtype, buf: ArrayBuffer): NpyData {
  switch (code) {
    case 'u1':
    case 'b1':
      return new Uint8Array(buf);
    case 'i1':
      return new Int8Array(buf);
    case 'u2':
      return new Uint16Array(buf);
    case 'i2':
      return new Int16Array(buf);
    case 'u4':
      return new Uint32Array(buf);
    case 'i4':
      return new Int32Array(buf);
    case 'i8':
      return new BigInt64Array(buf);
    case 'u8':
      return new BigUint64Array(buf);
    case 'f4':
      return new Float32Array(buf);
    case 'f8':
      return new Float64Array(buf);
  }
}
