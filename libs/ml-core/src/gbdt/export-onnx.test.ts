import { afterAll, describe, expect, it } from 'vitest';
import { createRng, type Rng } from '../data/prng';
import { decodeModel } from '../onnx/onnx-proto';
import { inspectOnnx } from '../onnx/inspect';
import { clearOnnxSessionCache, createOnnxSession, runBatch } from '../onnx/session';
import { exportGbdtToOnnx } from './export-onnx';
import { fitGbdt } from './fit';
import { predictGbdt } from './predict';
import type { TGbdtModel, TGbdtObjective } from './types';

afterAll(async () => {
  await clearOnnxSessionCache();
});

// Columns: two numeric with missing values, a 3-code categorical (one-vs-rest splits) and a 20-code one
// (LightGBM's sorted-category scan), a numeric one that is either 1 or missing (splits at +Infinity).
function makeRows(rng: Rng, n: number): number[][] {
  return Array.from({ length: n }, () => [
    rng.next() < 0.15 ? NaN : rng.normal(),
    rng.next() < 0.1 ? NaN : rng.next() * 10,
    rng.next() < 0.1 ? NaN : rng.int(3),
    rng.int(20),
    rng.next() < 0.5 ? NaN : 1,
  ]);
}

const latent = (r: number[]): number => {
  const [a = NaN, b = NaN, c = NaN, d = 0, e = NaN] = r;
  return (Number.isNaN(a) ? 0.7 : a) + (Number.isNaN(b) ? -1 : Math.sin(b)) + (c === 1 ? 1 : Number.isNaN(c) ? -0.5 : 0) + ((d * 7) % 5) / 3 - 0.5 + (Number.isNaN(e) ? 0.4 : 0);
};

// Rows the model never saw: NaN everywhere, unseen / negative / fractional / huge category codes, infinities.
const edgeRows = [
  [NaN, NaN, NaN, NaN, NaN],
  [0.1, 2, 7, 25, 1],
  [0.1, 2, -1, -3, 1],
  [0.1, 2, 1.5, 3.25, NaN],
  [0.1, 2, 1e7, 16777215, NaN],
  [Infinity, -Infinity, 0, 0, Infinity],
  [-Infinity, Infinity, 2, 19, -Infinity],
  [1e-30, 5, 1, 4, 0],
];

async function parity(objective: TGbdtObjective): Promise<{ model: TGbdtModel; rows: number[][]; maxRaw: number; maxPrediction: number }> {
  const rng = createRng({ seed: 31 });
  const train = makeRows(rng, 2000);
  const labels = train.map((r) => {
    const z = latent(r);
    if (objective.kind === 'binary') return rng.next() < 1 / (1 + Math.exp(-z)) ? 1 : 0;
    if (objective.kind === 'poisson') return Math.round(Math.exp(0.3 * z) * (1 + rng.next()));
    return z + 0.3 * rng.normal();
  });
  const { model } = await fitGbdt({ rows: train, labels, categorical: [2, 3], params: { objective, numTrees: 80, maxLeaves: 15, minChildSamples: 10, catSmooth: 5, maxCatToOnehot: 4, seed: 1 }, threads: 1 });
  const rows = [...makeRows(rng, 500), ...edgeRows];
  const ts = predictGbdt({ model, rows });
  const { bytes } = exportGbdtToOnnx({ model });
  const session = await createOnnxSession({ bytes });
  const out = await runBatch({ session, inputs: Float32Array.from(rows.flat()), shape: [rows.length, 5] });
  const raw = out.outputs.raw;
  const main = out.outputs[objective.kind === 'binary' ? 'probability' : 'prediction'];
  if (!raw || !main) throw new Error('missing outputs');
  let maxRaw = 0;
  let maxPrediction = 0;
  rows.forEach((_, i) => {
    maxRaw = Math.max(maxRaw, Math.abs((raw.data[i] ?? NaN) - (ts.raw[i] ?? NaN)));
    const expected = ts.prediction[i] ?? NaN;
    maxPrediction = Math.max(maxPrediction, Math.abs((main.data[i] ?? NaN) - expected) / Math.max(1, Math.abs(expected)));
  });
  return { model, rows, maxRaw, maxPrediction };
}

describe('exportGbdtToOnnx served by onnxruntime-node', () => {
  it('binary (TreeEnsembleClassifier): probability and raw score match predictGbdt to 1e-5 on every row', async () => {
    const { model, maxRaw, maxPrediction, rows } = await parity({ kind: 'binary' });
    const splits = model.trees.flatMap((t) => t.nodes);
    // The fixture really exercises what the export has to encode.
    expect(splits.some((n) => n.kind === 'categorical' && n.feature === 3 && n.categories.length > 1)).toBe(true);
    expect(splits.some((n) => n.kind === 'categorical' && n.feature === 2)).toBe(true);
    expect(splits.some((n) => n.kind === 'numeric' && n.threshold === Infinity)).toBe(true);
    expect(splits.some((n) => n.kind === 'numeric' && n.missingGoesLeft) && splits.some((n) => n.kind === 'numeric' && !n.missingGoesLeft)).toBe(true);
    console.log(`binary: ${rows.length} rows, max |Δ raw| ${maxRaw.toExponential(2)}, max |Δ p| ${maxPrediction.toExponential(2)}`);
    expect(maxRaw).toBeLessThan(1e-5);
    expect(maxPrediction).toBeLessThan(1e-5);
  });

  for (const objective of [{ kind: 'l2' }, { kind: 'poisson' }, { kind: 'quantile', alpha: 0.8 }] as const) {
    it(`${objective.kind} (TreeEnsembleRegressor): prediction and raw score match predictGbdt to 1e-5 on every row`, async () => {
      const { maxRaw, maxPrediction, rows } = await parity(objective);
      console.log(`${objective.kind}: ${rows.length} rows, max |Δ raw| ${maxRaw.toExponential(2)}, max relative |Δ prediction| ${maxPrediction.toExponential(2)}`);
      expect(maxRaw).toBeLessThan(1e-5);
      expect(maxPrediction).toBeLessThan(1e-5);
    });
  }

  it('declares ONNX-ML tree ensembles (ai.onnx.ml opset 3) and float32 [N, F] in, [N, 1] out', async () => {
    const { model } = await parity({ kind: 'binary' });
    const exported = exportGbdtToOnnx({ model });
    const info = await inspectOnnx({ bytes: exported.bytes, runtimeCheck: true });
    expect(info.opsets).toContainEqual({ domain: 'ai.onnx.ml', version: 3 });
    expect(info.inputs).toEqual([{ name: 'features', dtype: 'float32', shape: ['N', 5] }]);
    expect(info.outputs.map((o) => [o.name, o.shape])).toEqual([
      ['probability', ['N', 1]],
      ['raw', ['N', 1]],
    ]);
    const ops = (decodeModel(exported.bytes).graph?.node ?? []).map((n) => `${n.domain ?? ''}:${n.opType ?? ''}`);
    expect(ops).toContain('ai.onnx.ml:TreeEnsembleClassifier');
    expect(exported.operator).toBe('TreeEnsembleClassifier');
  });

  it('a model without trees scores its base score (regression, and binary where every leaf weight is positive)', async () => {
    const { model } = await parity({ kind: 'l2' });
    for (const empty of [
      { ...model, trees: [] },
      // ORT's classifier treats "all class weights positive" specially (tree_ensemble_aggregator.h): cover it.
      { ...model, objective: { kind: 'binary' }, baseScore: 0.75, trees: [] },
    ] satisfies TGbdtModel[]) {
      const session = await createOnnxSession({ bytes: exportGbdtToOnnx({ model: empty }).bytes });
      const out = await runBatch({ session, inputs: Float32Array.from(edgeRows.flat()), shape: [edgeRows.length, 5] });
      expect(out.outputs.raw?.data).toHaveLength(edgeRows.length);
      for (const v of out.outputs.raw?.data ?? []) expect(v).toBeCloseTo(empty.baseScore, 6);
      if (empty.objective.kind === 'binary') for (const v of out.outputs.probability?.data ?? []) expect(v).toBeCloseTo(1 / (1 + Math.exp(-0.75)), 6);
    }
  });
});
