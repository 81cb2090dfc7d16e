import { describe, expect, it } from 'vitest';
import { crossValidate } from './cross-validate';

describe('crossValidate', () => {
  it('tests each row once and summarises with mean, sample std and a t interval', async () => {
    const n = 50;
    const seenTest: number[] = [];
    const r = await crossValidate({
      n,
      k: 5,
      stratified: false,
      seed: 1,
      fitPredict: async ({ train, test }) => {
        expect(train.length + test.length).toBe(n);
        expect(train.some((i) => test.includes(i))).toBe(false);
        seenTest.push(...test);
        return { indexSum: test.reduce((a, b) => a + b, 0), size: test.length };
      },
    });
    expect(seenTest.sort((a, b) => a - b)).toEqual(Array.from({ length: n }, (_, i) => i));
    // Σ over folds of the test-index sums is 0 + 1 + … + 49 = 1225 → mean 245
    const sums = r.folds.map((f) => f.metrics['indexSum'] ?? 0);
    const m = r.metrics['indexSum'];
    expect(m?.mean).toBeCloseTo(245, 12);
    // Independent: sample std of the fold values and t(0.975, 4) = 2.776 (t table)
    const sd = Math.sqrt(sums.reduce((a, v) => a + (v - 245) ** 2, 0) / 4);
    expect(m?.std).toBeCloseTo(sd, 9);
    expect(m?.ci95[0]).toBeCloseTo(245 - (2.776 * sd) / Math.sqrt(5), 1);
    expect(m?.ci95[1]).toBeCloseTo(245 + (2.776 * sd) / Math.sqrt(5), 1);
    expect(r.metrics['size']).toMatchObject({ mean: 10, std: 0 });
  });

  it('stratified folds keep the class rate', async () => {
    const labels = Array.from({ length: 100 }, (_, i) => (i < 20 ? 1 : 0));
    const r = await crossValidate({
      labels,
      k: 4,
      stratified: true,
      seed: 7,
      fitPredict: async ({ test }) => ({ positives: test.filter((i) => labels[i] === 1).length }),
    });
    expect(r.metrics['positives']?.values).toEqual([5, 5, 5, 5]);
  });

  it('errors clearly', async () => {
    await expect(crossValidate({ n: 10, k: 2, stratified: true, seed: 1, fitPredict: async () => ({}) })).rejects.toThrow(/stratified folds need labels/);
    await expect(crossValidate({ n: 10, k: 2, stratified: false, seed: 1, fitPredict: async () => ({ auc: Number.NaN }) })).rejects.toThrow(/metric "auc" on fold 0 is NaN/);
  });
});
