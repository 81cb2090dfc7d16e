import { describe, expect, it } from 'vitest';
import { createRng, type Rng } from '../data/prng';
import { rocAuc } from '../evaluation/classification';
import { fitGbdt } from './fit';
import { predictGbdt } from './predict';
import { loadGbdtModel, serialiseGbdtModel } from './serialise';

// Quality checks against numbers computed here from their definitions (R², deviance, coverage) or by the
// evaluation module's AUC, on synthetic data with a known generating process. Figures are printed.

/** Friedman #1 (Friedman 1991): y = 10 sin(π x1 x2) + 20 (x3 − ½)² + 10 x4 + 5 x5 + N(0, 1), x ~ U[0, 1]^10. */
function friedman1(rng: Rng, n: number): { rows: number[][]; y: number[] } {
  const rows: number[][] = [];
  const y: number[] = [];
  for (let i = 0; i < n; i++) {
    const x = Array.from({ length: 10 }, () => rng.next());
    const [x1 = 0, x2 = 0, x3 = 0, x4 = 0, x5 = 0] = x;
    rows.push(x);
    y.push(10 * Math.sin(Math.PI * x1 * x2) + 20 * (x3 - 0.5) ** 2 + 10 * x4 + 5 * x5 + rng.normal());
  }
  return { rows, y };
}

const mean = (xs: readonly number[]): number => xs.reduce((a, b) => a + b, 0) / xs.length;

/** Knuth's Poisson sampler (fine for the small means used here). */
function poisson(rng: Rng, lambda: number): number {
  const l = Math.exp(-lambda);
  let k = 0;
  let p = 1;
  do {
    k += 1;
    p *= rng.next();
  } while (p > l);
  return k - 1;
}

describe('fitGbdt quality on synthetic data', () => {
  it('learns Friedman #1 to R² ≥ 0.9 on held-out rows', async () => {
    const rng = createRng({ seed: 1 });
    const train = friedman1(rng, 2000);
    const test = friedman1(rng, 1000);
    const { model } = await fitGbdt({ rows: train.rows, labels: train.y, params: { objective: { kind: 'l2' }, numTrees: 300, learningRate: 0.05, maxLeaves: 15 }, threads: 1 });
    const { prediction } = predictGbdt({ model, rows: test.rows });
    const m = mean(test.y);
    const ssRes = test.y.reduce((s, y, i) => s + (y - (prediction[i] ?? 0)) ** 2, 0);
    const ssTot = test.y.reduce((s, y) => s + (y - m) ** 2, 0);
    const r2 = 1 - ssRes / ssTot;
    console.log(`Friedman #1: held-out R² ${r2.toFixed(4)} (noise alone caps it near ${(1 - 1 / (ssTot / test.y.length)).toFixed(3)})`);
    expect(r2).toBeGreaterThan(0.9);
  });

  it('ranks a binary task close to the true probabilities (AUC within 0.03 of the Bayes AUC)', async () => {
    const rng = createRng({ seed: 2 });
    const make = (n: number) => {
      const rows: number[][] = [];
      const labels: number[] = [];
      const truth: number[] = [];
      for (let i = 0; i < n; i++) {
        const x = [rng.normal(), rng.normal(), rng.normal(), rng.int(5), rng.next() < 0.2 ? NaN : rng.normal()];
        const [a = 0, b = 0, c = 0, cat = 0, d = NaN] = x;
        const logit = a - 0.8 * b * c + (cat === 1 || cat === 3 ? 1 : -0.5) + (Number.isNaN(d) ? 0.8 : 0.5 * d);
        const p = 1 / (1 + Math.exp(-logit));
        rows.push(x);
        truth.push(p);
        labels.push(rng.next() < p ? 1 : 0);
      }
      return { rows, labels, truth };
    };
    const train = make(3000);
    const test = make(2000);
    const { model } = await fitGbdt({ rows: train.rows, labels: train.labels, categorical: [3], params: { objective: { kind: 'binary' }, numTrees: 200, learningRate: 0.05, maxLeaves: 15, maxCatToOnehot: 2 }, threads: 1 });
    const { prediction } = predictGbdt({ model, rows: test.rows });
    const auc = rocAuc({ labels: test.labels, scores: prediction });
    const bayes = rocAuc({ labels: test.labels, scores: test.truth });
    console.log(`binary: held-out AUC ${auc.toFixed(4)}, Bayes AUC (true probabilities) ${bayes.toFixed(4)}`);
    expect(auc).toBeGreaterThan(bayes - 0.03);
    expect(prediction.every((p) => p > 0 && p < 1)).toBe(true);
  });

  it('Poisson on synthetic counts beats the mean model in deviance', async () => {
    const rng = createRng({ seed: 3 });
    const make = (n: number) => {
      const rows: number[][] = [];
      const y: number[] = [];
      for (let i = 0; i < n; i++) {
        const x = [rng.normal(), rng.normal(), rng.next()];
        const [a = 0, b = 0, c = 0] = x;
        rows.push(x);
        y.push(poisson(rng, Math.exp(0.3 + 0.6 * a - 0.4 * b + 0.5 * Math.sin(6 * c))));
      }
      return { rows, y };
    };
    const train = make(3000);
    const test = make(2000);
    const { model } = await fitGbdt({ rows: train.rows, labels: train.y, params: { objective: { kind: 'poisson' }, numTrees: 150, learningRate: 0.05, maxLeaves: 15 }, threads: 1 });
    const { prediction } = predictGbdt({ model, rows: test.rows });
    // Mean Poisson deviance 2·Σ(y log(y/μ) − (y − μ)) / n, written out here.
    const deviance = (mu: (i: number) => number) => (2 * test.y.reduce((s, y, i) => s + (y > 0 ? y * Math.log(y / mu(i)) : 0) - (y - mu(i)), 0)) / test.y.length;
    const trainMean = mean(train.y);
    const gbdt = deviance((i) => prediction[i] ?? NaN);
    const baseline = deviance(() => trainMean);
    console.log(`poisson: held-out mean deviance ${gbdt.toFixed(4)} vs mean model ${baseline.toFixed(4)}`);
    expect(gbdt).toBeLessThan(0.8 * baseline);
  });

  it('Tweedie (power 1.5) on compound Poisson–gamma amounts beats the mean model in deviance', async () => {
    const rng = createRng({ seed: 4 });
    const make = (n: number) => {
      const rows: number[][] = [];
      const y: number[] = [];
      for (let i = 0; i < n; i++) {
        const x = [rng.normal(), rng.next()];
        const [a = 0, b = 0] = x;
        const claims = poisson(rng, Math.exp(-0.5 + 0.7 * a));
        let amount = 0;
        for (let k = 0; k < claims; k++) amount += -Math.log(1 - rng.next()) * (1 + 2 * b); // exponential severities
        rows.push(x);
        y.push(amount);
      }
      return { rows, y };
    };
    const train = make(3000);
    const test = make(2000);
    const power = 1.5;
    const { model } = await fitGbdt({ rows: train.rows, labels: train.y, params: { objective: { kind: 'tweedie', variancePower: power }, numTrees: 150, learningRate: 0.05, maxLeaves: 8 }, threads: 1 });
    const { prediction } = predictGbdt({ model, rows: test.rows });
    const p = power;
    const deviance = (mu: (i: number) => number) =>
      (2 * test.y.reduce((s, y, i) => s + y ** (2 - p) / ((1 - p) * (2 - p)) - (y * mu(i) ** (1 - p)) / (1 - p) + mu(i) ** (2 - p) / (2 - p), 0)) / test.y.length;
    const trainMean = mean(train.y);
    const gbdt = deviance((i) => prediction[i] ?? NaN);
    const baseline = deviance(() => trainMean);
    console.log(`tweedie: held-out mean deviance ${gbdt.toFixed(4)} vs mean model ${baseline.toFixed(4)}`);
    expect(gbdt).toBeLessThan(0.9 * baseline);
  });

  for (const alpha of [0.1, 0.9]) {
    it(`quantile objective at alpha ${alpha}: held-out coverage near alpha`, async () => {
      const rng = createRng({ seed: 5 + alpha * 10 });
      const make = (n: number) => {
        const rows: number[][] = [];
        const y: number[] = [];
        for (let i = 0; i < n; i++) {
          const x = [rng.next(), rng.next()];
          const [a = 0, b = 0] = x;
          rows.push(x);
          y.push(3 * a + (0.3 + b) * rng.normal()); // noise grows with the second feature
        }
        return { rows, y };
      };
      const train = make(3000);
      const test = make(3000);
      const { model } = await fitGbdt({ rows: train.rows, labels: train.y, params: { objective: { kind: 'quantile', alpha }, numTrees: 100, learningRate: 0.1, maxLeaves: 8, minChildSamples: 50 }, threads: 1 });
      const coverageOn = (data: { rows: number[][]; y: number[] }): number => {
        const { prediction } = predictGbdt({ model, rows: data.rows });
        return data.y.filter((y, i) => y <= (prediction[i] ?? NaN)).length / data.y.length;
      };
      const inSample = coverageOn(train);
      const heldOut = coverageOn(test);
      console.log(`quantile ${alpha}: coverage ${inSample.toFixed(4)} on the training rows, ${heldOut.toFixed(4)} held out`);
      // The training coverage is what the loss pins down; held out, some over-fitting pulls it toward the median.
      expect(Math.abs(inSample - alpha)).toBeLessThan(0.01);
      expect(Math.abs(heldOut - alpha)).toBeLessThan(0.03);
    });
  }
});

describe('fitGbdt mechanics', () => {
  const rng = createRng({ seed: 10 });
  const rows = Array.from({ length: 1500 }, () => [rng.normal(), rng.int(6), rng.next() < 0.3 ? NaN : rng.normal(), rng.next()]);
  const labels = rows.map((r) => ((r[0] ?? 0) + (r[1] === 2 ? 1 : 0) + (Number.isNaN(r[2] ?? NaN) ? 1 : 0) + rng.normal() > 0.5 ? 1 : 0));
  const params = { objective: { kind: 'binary' }, numTrees: 25, maxLeaves: 12, baggingFraction: 0.7, featureFraction: 0.75, seed: 5, maxCatToOnehot: 2, catSmooth: 2 } as const;

  it('is deterministic: same seed, identical model JSON; another seed, another model', async () => {
    const a = await fitGbdt({ rows, labels, categorical: [1], params, threads: 1 });
    const b = await fitGbdt({ rows, labels, categorical: [1], params, threads: 1 });
    const c = await fitGbdt({ rows, labels, categorical: [1], params: { ...params, seed: 6 }, threads: 1 });
    expect(serialiseGbdtModel({ model: a.model })).toBe(serialiseGbdtModel({ model: b.model }));
    expect(serialiseGbdtModel({ model: c.model })).not.toBe(serialiseGbdtModel({ model: a.model }));
    expect(a.record.dataFingerprint).toBe(b.record.dataFingerprint);
  });

  it('builds histograms in worker_threads with a result identical to the single-thread path', async () => {
    const single = await fitGbdt({ rows, labels, categorical: [1], params, threads: 1 });
    const parallel = await fitGbdt({ rows, labels, categorical: [1], params, threads: 3, parallelThreshold: 0 });
    expect(single.record.backend).toBe('typescript (worker_threads × 1)');
    expect(parallel.record.backend).toBe('typescript (worker_threads × 3)');
    expect(serialiseGbdtModel({ model: parallel.model })).toBe(serialiseGbdtModel({ model: single.model }));
    expect(parallel.record.treeTimesMs).toHaveLength(parallel.record.treesGrown);
  });

  it('stops early and keeps the trees of the best validation loss', async () => {
    const noisy = rows.map(() => (rng.next() < 0.5 ? 1 : 0)); // labels unrelated to the features: the validation loss soon rises
    const valid = { rows: rows.slice(1000), labels: noisy.slice(1000) };
    const progress: number[] = [];
    const fit = await fitGbdt({
      rows: rows.slice(0, 1000),
      labels: noisy.slice(0, 1000),
      categorical: [1],
      validation: valid,
      params: { objective: { kind: 'binary' }, numTrees: 300, learningRate: 0.3, maxLeaves: 31, minChildSamples: 5, earlyStoppingRounds: 10 },
      threads: 1,
      onProgress: ({ tree }) => progress.push(tree),
    });
    expect(fit.record.earlyStopped).toBe(true);
    expect(progress).toEqual(Array.from({ length: fit.record.treesGrown }, (_, i) => i + 1));
    expect(fit.record.treesGrown).toBeLessThan(300);
    const losses = fit.record.history.map((h) => h.validLoss ?? Infinity);
    const best = losses.indexOf(Math.min(...losses));
    expect(fit.model.trees).toHaveLength(best + 1);
    expect(fit.record.treesGrown - (best + 1)).toBe(10);
    // The kept model's validation log-loss, recomputed from its predictions, is that best value.
    const { prediction } = predictGbdt({ model: fit.model, rows: valid.rows });
    const logloss = -mean(valid.labels.map((y, i) => (y === 1 ? Math.log(prediction[i] ?? NaN) : Math.log(1 - (prediction[i] ?? NaN)))));
    expect(logloss).toBeCloseTo(losses[best] ?? NaN, 9);
  });

  it('round-trips through JSON (±Infinity thresholds included) and rejects malformed models', async () => {
    // A feature that is either 1 or missing can only split "present vs missing": threshold +Infinity.
    const r = createRng({ seed: 3 });
    const sparse = Array.from({ length: 400 }, () => [r.next() < 0.5 ? NaN : 1, r.normal()]);
    const y = sparse.map((row) => (Number.isNaN(row[0] ?? NaN) ? 2 : 0) + 0.1 * (row[1] ?? 0));
    const { model } = await fitGbdt({ rows: sparse, labels: y, params: { objective: { kind: 'l2' }, numTrees: 3, maxLeaves: 3 }, threads: 1 });
    const root = model.trees[0]?.nodes[0];
    expect(root?.kind === 'numeric' && root.feature === 0 && root.threshold === Infinity && !root.missingGoesLeft).toBe(true);
    const json = serialiseGbdtModel({ model });
    expect(json).toContain('"threshold":"Infinity"');
    const loaded = loadGbdtModel({ json });
    expect(Array.from(predictGbdt({ model: loaded, rows: sparse }).raw)).toEqual(Array.from(predictGbdt({ model, rows: sparse }).raw));
    const broken = JSON.parse(json);
    broken.trees[0].nodes[0].left = 0;
    expect(() => loadGbdtModel({ json: broken })).toThrow(/children must follow their parent/);
    expect(() => loadGbdtModel({ json: { format: 'something-else' } })).toThrow(/not a GBDT model/);
  });

  it('refuses inputs it cannot learn from, naming the problem', async () => {
    await expect(fitGbdt({ rows: [[0.5], [1.5]], labels: [0, 1], categorical: [0], params: { objective: { kind: 'binary' } } })).rejects.toThrow(/integer codes/);
    await expect(fitGbdt({ rows: [[1], [2]], labels: [0, 1], categorical: [0], monotone: [1], params: { objective: { kind: 'binary' } } })).rejects.toThrow(/categorical and cannot be monotone/);
    await expect(fitGbdt({ rows: [[1], [2]], labels: [0, 2], params: { objective: { kind: 'binary' } } })).rejects.toThrow(/binary labels must be 0 or 1/);
    await expect(fitGbdt({ rows: [[1], [2]], labels: [0, 1], params: { objective: { kind: 'tweedie', variancePower: 2.5 } } })).rejects.toThrow(/variancePower/);
    await expect(fitGbdt({ rows: [[1], [2]], labels: [0, 1], params: { objective: { kind: 'l2' }, maxBins: 300 } })).rejects.toThrow(/maxBins/);
  });
});
