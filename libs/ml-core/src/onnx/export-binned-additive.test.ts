import { afterAll, describe, expect, it } from 'vitest';
import { exportBinnedAdditiveModel, type TBinnedFeature } from './export-binned-additive';
import { inspectOnnx } from './inspect';
import { clearOnnxSessionCache, createOnnxSession, runBatch } from './session';

afterAll(async () => {
  await clearOnnxSessionCache();
});

const features: TBinnedFeature[] = [
  { name: 'duration', kind: 'numeric', upperEdges: [12, 24, 36], values: [0.5, 0.1, -0.2, -0.7], missing: 0.05 },
  { name: 'purpose', kind: 'categorical', values: [0.3, -0.4, 0.0], missing: -0.9 },
  { name: 'flat', kind: 'numeric', upperEdges: [], values: [0.25], missing: -0.25 },
];
const intercept = -0.8;

// Written from the definitions in the doc comments, not from the graph: (lower, upper] numeric bins, index lookup.
function reference(row: readonly number[]): { terms: number[]; total: number } {
  const terms = features.map((f, j) => {
    const x = row[j] ?? NaN;
    if (f.kind === 'numeric') {
      if (!Number.isFinite(x)) return f.missing;
      let bin = 0;
      while (bin < f.upperEdges.length && x > (f.upperEdges[bin] ?? Infinity)) bin += 1;
      return f.values[bin] ?? NaN;
    }
    return Number.isInteger(x) && x >= 0 && x < f.values.length ? (f.values[x] ?? NaN) : f.missing;
  });
  return { terms, total: intercept + terms.reduce((s, t) => s + t, 0) };
}

describe('exportBinnedAdditiveModel', () => {
  it('scores like the step functions it describes, edges, missing and unseen categories included', async () => {
    const rows: number[][] = [
      [6, 0, 1],
      [12, 1, 2], // exactly on an edge: the lower bin, (lower, upper]
      [12.5, 2, 3],
      [24, 1, NaN],
      [36.0001, 0, 4],
      [1e6, 1, Infinity],
      [NaN, NaN, 0],
      [Infinity, -1, 0], // ±Infinity is missing for a numeric feature, -1 an unseen category
      [-Infinity, 3, 0], // 3 is past the vocabulary
      [20, 1.5, 0], // a fractional index is no category
    ];
    const { bytes, outputs } = exportBinnedAdditiveModel({ features, intercept, link: 'logit' });
    expect(outputs.map((o) => o.name)).toEqual(['terms', 'total', 'probability']);
    const session = await createOnnxSession({ bytes });
    const result = await runBatch({ session, inputs: Float32Array.from(rows.flat()), shape: [rows.length, features.length] });
    const terms = result.outputs.terms;
    const total = result.outputs.total;
    const probability = result.outputs.probability;
    if (!terms || !total || !probability) throw new Error('missing outputs');
    expect(terms.shape).toEqual([rows.length, features.length]);
    rows.forEach((row, r) => {
      const expected = reference(row);
      expected.terms.forEach((t, j) => expect(terms.data[r * features.length + j]).toBeCloseTo(t, 6));
      expect(total.data[r]).toBeCloseTo(expected.total, 5);
      expect(probability.data[r]).toBeCloseTo(1 / (1 + Math.exp(-expected.total)), 6);
    });
  });

  it('declares its signature, and an identity link has no probability output', async () => {
    const info = await inspectOnnx({ bytes: exportBinnedAdditiveModel({ features, intercept, link: 'identity', inputName: 'x' }).bytes, runtimeCheck: true });
    expect(info.inputs.map((i) => [i.name, i.shape])).toEqual([['x', ['N', 3]]]);
    expect(info.outputs.map((o) => o.name)).toEqual(['terms', 'total']);
  });

  it('refuses tables that cannot be a step function, naming the feature', () => {
    const numeric = features[0];
    if (numeric?.kind !== 'numeric') throw new Error('fixture');
    expect(() => exportBinnedAdditiveModel({ features: [{ ...numeric, values: [1, 2] }], intercept, link: 'logit' })).toThrow(/'duration'.*3 edges need 4 terms/);
    expect(() => exportBinnedAdditiveModel({ features: [{ ...numeric, upperEdges: [12, 12, 36] }], intercept, link: 'logit' })).toThrow(/'duration'.*edges must increase/);
    expect(() => exportBinnedAdditiveModel({ features: [{ ...numeric, missing: NaN }], intercept, link: 'logit' })).toThrow(/'duration'.*missing term/);
    expect(() => exportBinnedAdditiveModel({ features: [], intercept, link: 'logit' })).toThrow(/no features/);
  });
});
