import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { readMlCoreEnv } from '../env';
import { fingerprint } from './fingerprint';
import { parseNpy, parseNpz, readNpz } from './npy';
import type { NdArray } from './npy';

/** Plain array of an NdArray's elements (numbers, or bigints for 64-bit ints). */
function values(a: NdArray | undefined): (number | bigint)[] {
  const out: (number | bigint)[] = [];
  for (let i = 0; a && i < a.data.length; i++) {
    const v = a.data[i];
    if (v !== undefined) out.push(v);
  }
  return out;
}

// Fixtures below were written by numpy 2.4 (np.save / np.lib.format.write_array / np.savez[_compressed]) and
// base64-encoded, so they check the reader against numpy's writer, not against this code.
const b64 = (s: string): Uint8Array => new Uint8Array(Buffer.from(s, 'base64'));
const FIX = {
  // np.array([[1.5, -2.25, 3.0], [0.1, 1e300, -0.0]], dtype='<f8')
  f8: 'k05VTVBZAQB2AHsnZGVzY3InOiAnPGY4JywgJ2ZvcnRyYW5fb3JkZXInOiBGYWxzZSwgJ3NoYXBlJzogKDIsIDMpLCB9ICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgIAoAAAAAAAD4PwAAAAAAAALAAAAAAAAACECamZmZmZm5P5x1AIg85Dd+AAAAAAAAAIA=',
  // format version 2.0: np.array([1.5, -2.5, 3.25, 7.0], dtype='<f4')
  f4v2: 'k05VTVBZAgB0AAAAeydkZXNjcic6ICc8ZjQnLCAnZm9ydHJhbl9vcmRlcic6IEZhbHNlLCAnc2hhcGUnOiAoNCwpLCB9ICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgIAoAAMA/AAAgwAAAUEAAAOBA',
  // np.array([[-1, 2], [2147483647, -2147483648]], dtype='<i4')
  i4: 'k05VTVBZAQB2AHsnZGVzY3InOiAnPGk0JywgJ2ZvcnRyYW5fb3JkZXInOiBGYWxzZSwgJ3NoYXBlJzogKDIsIDIpLCB9ICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgIAr/////AgAAAP///38AAACA',
  // np.array([-3, 9007199254740993], dtype='<i8') — second value is 2^53 + 1, not representable as a double
  i8: 'k05VTVBZAQB2AHsnZGVzY3InOiAnPGk4JywgJ2ZvcnRyYW5fb3JkZXInOiBGYWxzZSwgJ3NoYXBlJzogKDIsKSwgfSAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgIAr9/////////wEAAAAAACAA',
  // np.arange(6, dtype='u1').reshape(1, 2, 3)
  u1: 'k05VTVBZAQB2AHsnZGVzY3InOiAnfHUxJywgJ2ZvcnRyYW5fb3JkZXInOiBGYWxzZSwgJ3NoYXBlJzogKDEsIDIsIDMpLCB9ICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgIAoAAQIDBAU=',
  // np.array([1.5, -2.0], dtype='>f8')
  f8be: 'k05VTVBZAQB2AHsnZGVzY3InOiAnPmY4JywgJ2ZvcnRyYW5fb3JkZXInOiBGYWxzZSwgJ3NoYXBlJzogKDIsKSwgfSAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgIAo/+AAAAAAAAMAAAAAAAAAA',
  // np.array(42.0) — zero-dimensional
  scalar: 'k05VTVBZAQB2AHsnZGVzY3InOiAnPGY4JywgJ2ZvcnRyYW5fb3JkZXInOiBGYWxzZSwgJ3NoYXBlJzogKCksIH0gICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgIAoAAAAAAABFQA==',
  // np.asfortranarray(np.arange(6.).reshape(2, 3))
  fortran: 'k05VTVBZAQB2AHsnZGVzY3InOiAnPGY4JywgJ2ZvcnRyYW5fb3JkZXInOiBUcnVlLCAnc2hhcGUnOiAoMiwgMyksIH0gICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgIAoAAAAAAAAAAAAAAAAAAAhAAAAAAAAA8D8AAAAAAAAQQAAAAAAAAABAAAAAAAAAFEA=',
  // np.savez(f, a=np.array([1, 2, 3], dtype='<i4'), b=np.array([[0.5]])) — stored entries, zip64 local extras
  npzStored: 'UEsDBC0AAAAAAAAAIQDrwCsE//////////8FABQAYS5ucHkBABAAjAAAAAAAAACMAAAAAAAAAJNOVU1QWQEAdgB7J2Rlc2NyJzogJzxpNCcsICdmb3J0cmFuX29yZGVyJzogRmFsc2UsICdzaGFwZSc6ICgzLCksIH0gICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAKAQAAAAIAAAADAAAAUEsDBC0AAAAAAAAAIQDa9Qlm//////////8FABQAYi5ucHkBABAAiAAAAAAAAACIAAAAAAAAAJNOVU1QWQEAdgB7J2Rlc2NyJzogJzxmOCcsICdmb3J0cmFuX29yZGVyJzogRmFsc2UsICdzaGFwZSc6ICgxLCAxKSwgfSAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAKAAAAAAAA4D9QSwECLQMtAAAAAAAAACEA68ArBIwAAACMAAAABQAAAAAAAAAAAAAAgAEAAAAAYS5ucHlQSwECLQMtAAAAAAAAACEA2vUJZogAAACIAAAABQAAAAAAAAAAAAAAgAHDAAAAYi5ucHlQSwUGAAAAAAIAAgBmAAAAggEAAAAA',
  // np.savez_compressed with the same arrays — deflated entries
  npzDeflate: 'UEsDBC0AAAAIAAAAIQDrwCsE//////////8FABQAYS5ucHkBABAAjAAAAAAAAABNAAAAAAAAAJvsF+obEMnIUMZQrZ6SWpxcpG6loG6TaaKuo6Cell9UUpSYF59flJIKEndLzClOBYoXZyQWpAL5GsY6mjoKtQoUAC5GBgYGJiBmBmIAUEsDBC0AAAAIAAAAIQDa9Qlm//////////8FABQAYi5ucHkBABAAiAAAAAAAAABLAAAAAAAAAJvsF+obEMnIUMZQrZ6SWpxcpG6loG6TZqGuo6Cell9UUpSYF59flJIKEndLzClOBYoXZyQWpAL5GoY6CoaaOgq1CmQDLgYweGAPAFBLAQItAy0AAAAIAAAAIQDrwCsETQAAAIwAAAAFAAAAAAAAAAAAAACAAQAAAABhLm5weVBLAQItAy0AAAAIAAAAIQDa9QlmSwAAAIgAAAAFAAAAAAAAAAAAAACAAYQAAABiLm5weVBLBQYAAAAAAgACAGYAAAAGAQAAAAA=',
};

describe('parseNpy', () => {
  it('reads f8 (v1) in C order', () => {
    const a = parseNpy({ bytes: b64(FIX.f8) });
    expect(a.dtype).toBe('f8');
    expect(a.shape).toEqual([2, 3]);
    expect(values(a)).toEqual([1.5, -2.25, 3.0, 0.1, 1e300, -0]);
  });
  it('reads f4 from a version 2.0 header', () => {
    const a = parseNpy({ bytes: b64(FIX.f4v2) });
    expect(a.dtype).toBe('f4');
    expect(a.shape).toEqual([4]);
    expect(values(a)).toEqual([1.5, -2.5, 3.25, 7.0]);
  });
  it('reads i4 extremes and i8 beyond 2^53 exactly', () => {
    expect(values(parseNpy({ bytes: b64(FIX.i4) }))).toEqual([-1, 2, 2147483647, -2147483648]);
    const i8 = parseNpy({ bytes: b64(FIX.i8) });
    expect(i8.data).toBeInstanceOf(BigInt64Array);
    expect(values(i8)).toEqual([-3n, 9007199254740993n]);
  });
  it('reads u1 with a 3-d shape, a 0-d scalar and big-endian f8', () => {
    const u1 = parseNpy({ bytes: b64(FIX.u1) });
    expect(u1.shape).toEqual([1, 2, 3]);
    expect(values(u1)).toEqual([0, 1, 2, 3, 4, 5]);
    const s = parseNpy({ bytes: b64(FIX.scalar) });
    expect(s.shape).toEqual([]);
    expect(values(s)).toEqual([42]);
    expect(values(parseNpy({ bytes: b64(FIX.f8be) }))).toEqual([1.5, -2.0]);
  });
  it('rejects fortran order, bad magic and truncated data with clear errors', () => {
    expect(() => parseNpy({ bytes: b64(FIX.fortran) })).toThrow(/fortran_order/);
    expect(() => parseNpy({ bytes: new Uint8Array([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]) })).toThrow(/magic/);
    const full = b64(FIX.f8);
    expect(() => parseNpy({ bytes: full.subarray(0, full.length - 8) })).toThrow(/expected 48 data bytes/);
  });
});

describe('parseNpz', () => {
  it('reads stored and deflated archives written by numpy', () => {
    for (const fixture of [FIX.npzStored, FIX.npzDeflate]) {
      const z = parseNpz({ bytes: b64(fixture) });
      expect(Object.keys(z).sort()).toEqual(['a', 'b']);
      expect(values(z['a'])).toEqual([1, 2, 3]);
      expect(z['b']?.shape).toEqual([1, 1]);
      expect(values(z['b'])).toEqual([0.5]);
    }
  });
  it('detects corruption through the CRC and names missing arrays', () => {
    const bytes = b64(FIX.npzStored);
    const corrupt = bytes.slice();
    // a.npy data starts at 30 (local header) + 5 (name) + 20 (zip64 extra) + 128 (npy header) = 183;
    // entries are stored, so flipping byte 184 reaches the CRC check unchanged.
    corrupt[184] = (corrupt[184] ?? 0) ^ 0xff;
    expect(() => parseNpz({ bytes: corrupt })).toThrow(/CRC-32 mismatch/);
    expect(() => parseNpz({ bytes, names: ['zzz'] })).toThrow(/arrays not found: zzz/);
    expect(() => parseNpz({ bytes: new Uint8Array(100) })).toThrow(/not a zip archive/);
  });
});

// Real data: PLATFORM_DATA_DIR, else ../shared/data beside the repository (from libs/ml-core/src/data).
const DATA_DIR = readMlCoreEnv().PLATFORM_DATA_DIR ?? fileURLToPath(new URL('../../../../../shared/data', import.meta.url));
const NPZ = join(DATA_DIR, 'medmnist', 'pneumoniamnist.npz');

describe('readNpz on PneumoniaMNIST', () => {
  it('has the published split sizes and class counts', async () => {
    if (!existsSync(NPZ)) throw new Error(`PneumoniaMNIST not found at ${NPZ}; see shared/data/README.md`);
    const z = await readNpz({ path: NPZ });
    // Sizes and per-class counts from shared/data/README.md (MedMNIST v2 official release).
    const expected = { train: [4708, 1214, 3494], val: [524, 135, 389], test: [624, 234, 390] } as const;
    for (const [split, [n, normal, pneumonia]] of Object.entries(expected)) {
      const images = z[`${split}_images`];
      const labels = z[`${split}_labels`];
      expect(images?.dtype).toBe('u1');
      expect(images?.shape).toEqual([n, 28, 28]);
      expect(labels?.shape).toEqual([n, 1]);
      const counts = [0, 0];
      for (const v of values(labels)) counts[Number(v)] = (counts[Number(v)] ?? 0) + 1;
      expect(counts).toEqual([normal, pneumonia]);
    }
  });
  it('fingerprint of the file equals the sha256 in SHA256SUMS', async () => {
    if (!existsSync(NPZ)) throw new Error(`PneumoniaMNIST not found at ${NPZ}`);
    // From shared/data/SHA256SUMS (computed by sha256sum, independent of this code).
    expect(fingerprint({ data: await readFile(NPZ) })).toBe(
      '9d78c87f97c1f593a05c61d60eda235a49cfd607d193dffa21e6e609e0dd0e96',
    );
  });
});
