import { describe, expect, it } from 'vitest';
import { catalogueCoverage, hitRate, mapAtK, ndcgAtK, precisionAtK, recallAtK } from './ranking';

// u1: top-3 [a,b,c] vs relevant {b,d,e} → hits [0,1,0]
// u2: top-3 [x,y,z] vs relevant {x}     → hits [1,0,0]
// u3: no relevant items → skipped by accuracy metrics
const input = {
  recommended: [['a', 'b', 'c', 'd'], ['x', 'y', 'z', 'w'], ['p', 'q']],
  relevant: [['b', 'd', 'e'], ['x'], []],
  k: 3,
};

describe('ranking metrics by hand', () => {
  it('precision, recall, hit rate', () => {
    expect(precisionAtK(input)).toBeCloseTo((1 / 3 + 1 / 3) / 2, 12);
    expect(recallAtK(input)).toBeCloseTo((1 / 3 + 1) / 2, 12);
    expect(hitRate(input)).toBe(1);
  });
  it('NDCG@3', () => {
    // u1: DCG = 1/log2(3); IDCG = 1 + 1/log2(3) + 1/log2(4); u2: 1/1
    const u1 = 1 / Math.log2(3) / (1 + 1 / Math.log2(3) + 0.5);
    expect(ndcgAtK(input)).toBeCloseTo((u1 + 1) / 2, 12);
  });
  it('MAP@3', () => {
    // u1: hit at rank 2 → P@2 = 1/2, divided by min(3, 3) → 1/6; u2: P@1 = 1 / min(1, 3) = 1 → mean 7/12
    expect(mapAtK(input)).toBeCloseTo(7 / 12, 12);
  });
  it('catalogue coverage counts every user', () => {
    // {a,b,c,x,y,z,p,q} = 8 of 20
    expect(catalogueCoverage({ recommended: input.recommended, catalogueSize: 20, k: 3 })).toBeCloseTo(0.4, 12);
  });
  it('perfect ranking scores 1 everywhere', () => {
    const perfect = { recommended: [['a', 'b', 'z']], relevant: [['a', 'b']], k: 2 };
    expect([precisionAtK(perfect), recallAtK(perfect), ndcgAtK(perfect), mapAtK(perfect)]).toEqual([1, 1, 1, 1]);
  });
  it('clear errors', () => {
    expect(() => precisionAtK({ recommended: [], relevant: [], k: 3 })).toThrow(/recommended is empty/);
    expect(() => recallAtK({ recommended: [['a']], relevant: [[]], k: 1 })).toThrow(/no user has any relevant item/);
    expect(() => ndcgAtK({ recommended: [['a', 'a']], relevant: [['a']], k: 2 })).toThrow(/recommended\[0\] lists an item twice/);
    expect(() => mapAtK({ recommended: [['a']], relevant: [['a'], ['b']], k: 1 })).toThrow(/1 users but relevant has 2/);
  });
});
