import { describe, expect, it } from 'vitest';
import { fingerprint } from './fingerprint';
import { OneHotEncoder } from './one-hot';
import { Standardiser } from './standardiser';

describe('Standardiser', () => {
  it('z-scores with population std and round-trips through JSON', () => {
    // column 0: [1, 2, 3, 4] mean 2.5, var = (2.25+0.25+0.25+2.25)/4 = 1.25, std = 1.1180…
    // column 1: constant 7 → std stored as 1, values map to 0
    const s = Standardiser.fit({ rows: [[1, 7], [2, 7], [3, 7], [4, 7]] });
    expect(s.mean).toEqual([2.5, 7]);
    expect(s.std[0]).toBeCloseTo(Math.sqrt(1.25), 12);
    expect(s.std[1]).toBe(1);
    const restored = Standardiser.fromJSON(JSON.parse(JSON.stringify(s)));
    const z = restored.transform({ rows: [[4, 7]] });
    expect(z[0]?.[0]).toBeCloseTo(1.5 / Math.sqrt(1.25), 12);
    expect(z[0]?.[1]).toBe(0);
    expect(restored.inverseTransform({ rows: z })[0]?.[0]).toBeCloseTo(4, 12);
  });
  it('is stable for large offsets', () => {
    // 1e9 + [0,1,2]: mean 1e9+1, population std sqrt(2/3)
    const s = Standardiser.fit({ rows: [[1e9], [1e9 + 1], [1e9 + 2]] });
    expect(s.std[0]).toBeCloseTo(Math.sqrt(2 / 3), 9);
  });
  it('rejects empty, ragged and non-finite input', () => {
    expect(() => Standardiser.fit({ rows: [] })).toThrow(/rows is empty/);
    expect(() => Standardiser.fit({ rows: [[1, 2], [3]] })).toThrow(/row 1 has 1 values, expected 2/);
    expect(() => Standardiser.fit({ rows: [[1], [Number.NaN]] })).toThrow(/row 1 column 0 is not finite/);
    expect(() => Standardiser.fromJSON({ kind: 'standardiser', mean: [0], std: [0] })).toThrow();
  });
});

describe('OneHotEncoder', () => {
  it('encodes with a sorted stored vocabulary', () => {
    const enc = OneHotEncoder.fit({ values: ['tv', 'car', 'tv'] });
    expect(enc.vocabulary).toEqual(['car', 'tv']);
    expect(enc.transform({ values: ['tv', 'car'] })).toEqual([[0, 1], [1, 0]]);
    expect(enc.featureNames({ prefix: 'purpose' })).toEqual(['purpose=car', 'purpose=tv']);
    const back = OneHotEncoder.fromJSON(JSON.parse(JSON.stringify(enc)));
    expect(back.transform({ values: ['car'] })).toEqual([[1, 0]]);
  });
  it('unknown categories throw by default, zero rows when ignored', () => {
    const enc = OneHotEncoder.fit({ values: ['a', 'b'] });
    expect(() => enc.transform({ values: ['c'] })).toThrow(/unknown category "c" at index 0/);
    const lenient = OneHotEncoder.fit({ values: ['a', 'b'], handleUnknown: 'ignore' });
    expect(lenient.transform({ values: ['c'] })).toEqual([[0, 0]]);
  });
});

describe('fingerprint', () => {
  it('matches the FIPS 180-2 sha256 test vector and hashes typed arrays by bytes', () => {
    expect(fingerprint({ data: 'abc' })).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
    // Same bytes "abc" supplied as a Uint8Array view into a larger buffer, and as two parts.
    const buf = new Uint8Array([0, 97, 98, 99, 0]);
    expect(fingerprint({ data: buf.subarray(1, 4) })).toBe(fingerprint({ data: 'abc' }));
    expect(fingerprint({ data: ['a', new Uint8Array([98, 99])] })).toBe(fingerprint({ data: 'abc' }));
  });
});
