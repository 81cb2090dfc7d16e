import { generateKeyPairSync } from 'node:crypto';
import type { KeyObject } from 'node:crypto';
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { maskUpdate, readWeights, runFedAvgRound, Site, unmaskSum } from './federated';
import { seededRng } from './random';

beforeAll(async () => {
  await tf.ready();
});

describe('secure aggregation masks', () => {
  const ids = ['a', 'b', 'c'];
  const keys = ids.map(() => generateKeyPairSync('x25519'));
  const rng = seededRng({ seed: 1 });
  const vectors = ids.map(() => Array.from({ length: 50 }, () => rng() * 4 - 2));
  const masked = ids.map((id, k) =>
    maskUpdate({
      vector: vectors[k] as number[],
      selfId: id,
      privateKey: (keys[k] as { privateKey: KeyObject }).privateKey,
      peers: ids.flatMap((p, j) => (p === id ? [] : [{ id: p, publicKey: (keys[j] as { publicKey: KeyObject }).publicKey }])),
      round: 7,
    }),
  );

  it("hides a single update: the server's view of one site is far from its clear values", () => {
    const alone = unmaskSum({ masked: [masked[0] as Uint32Array] });
    const clear = vectors[0] as number[];
    const meanAbsErr = clear.reduce((s, v, i) => s + Math.abs(v - (alone[i] as number)), 0) / clear.length;
    expect(meanAbsErr).toBeGreaterThan(1000); // masks are uniform over the 2^32 ring (±32768 after decoding)
  });

  it('sums to the clear sum within fixed-point tolerance', () => {
    const total = unmaskSum({ masked });
    for (let i = 0; i < 50; i++) {
      const clearSum = vectors.reduce((s, v) => s + (v[i] as number), 0);
      expect(Math.abs((total[i] as number) - clearSum)).toBeLessThan((3 * 0.5) / 65536 + 1e-12);
    }
  });

  it('needs every site: dropping one leaves the masks in', () => {
    const partial = unmaskSum({ masked: masked.slice(0, 2) });
    const clear = (vectors[0] as number[]).map((v, i) => v + ((vectors[1] as number[])[i] as number));
    expect(clear.some((v, i) => Math.abs(v - (partial[i] as number)) > 1)).toBe(true);
  });
});

describe('runFedAvgRound', () => {
  const lr = 0.1;
  const createModel = () => {
    const m = tf.sequential({ layers: [tf.layers.dense({ inputShape: [3], units: 1, kernelInitializer: 'zeros' })] });
    m.compile({ optimizer: tf.train.sgd(lr), loss: 'meanSquaredError' });
    return m;
  };
  const rng = seededRng({ seed: 5 });
  const sizes = [10, 25, 40];
  const data = sizes.map((n) => {
    const x = Array.from({ length: n }, () => [rng() * 2 - 1, rng() * 2 - 1, rng() * 2 - 1]);
    const y = x.map((r) => 2 * (r[0] as number) - (r[1] as number) + 0.5 * (r[2] as number) + 0.3);
    return { x, y };
  });
  const makeSites = () => data.map((d, k) => new Site({ id: `site-${k}`, xs: tf.tensor2d(d.x), ys: tf.tensor2d(d.y.map((v) => [v])) }));

  /** One local epoch of full-batch GD per site, averaged by n_k/N, is one GD step on the pooled data. */
  function pooledGdStep(w: number[], b: number): { w: number[]; b: number } {
    const xs = data.flatMap((d) => d.x);
    const ys = data.flatMap((d) => d.y);
    const gw = [0, 0, 0];
    let gb = 0;
    xs.forEach((r, i) => {
      const err = r.reduce((s, v, j) => s + v * (w[j] as number), b) - (ys[i] as number);
      r.forEach((v, j) => (gw[j] = (gw[j] as number) + (2 * err * v) / xs.length));
      gb += (2 * err) / xs.length;
    });
    return { w: w.map((v, j) => v - lr * (gw[j] as number)), b: b - lr * gb };
  }

  it.each([false, true])('weighted FedAvg equals a pooled gradient step (secure aggregation: %s)', async (secureAggregation) => {
    const sites = makeSites();
    const globalModel = createModel();
    const res = await runFedAvgRound({ globalModel, sites, createModel, localEpochs: 1, batchSize: 1000, secureAggregation, round: 1 });
    const ref = pooledGdStep([0, 0, 0], 0);
    const [kernel, bias] = readWeights(globalModel);
    const tol = secureAggregation ? 1e-4 : 1e-5;
    ref.w.forEach((v, j) => expect(Math.abs(((kernel as Float32Array)[j] as number) - v)).toBeLessThan(tol));
    expect(Math.abs(((bias as Float32Array)[0] as number) - ref.b)).toBeLessThan(tol);
    expect(res.numExamples).toBe(75);
    if (secureAggregation) expect(res.serverView?.length).toBe(3);
    sites.forEach((s) => s.dispose());
  });

  it('client-level DP clips each update so the global step is at most clipNorm', async () => {
    const sites = makeSites();
    const globalModel = createModel();
    await runFedAvgRound({ globalModel, sites, createModel, batchSize: 1000, clientDp: { clipNorm: 0.01, noiseMultiplier: 0 } });
    const moved = Math.sqrt(readWeights(globalModel).reduce((s, w) => s + w.reduce((a, v) => a + v * v, 0), 0));
    expect(moved).toBeLessThanOrEqual(0.01 * (1 + 1e-5));
    // The sites mostly agree on the direction (same generating model), so clipping must not cancel the step away.
    expect(moved).toBeGreaterThan(0.005);
    sites.forEach((s) => s.dispose());
  });

  it('exposes no raw rows from a Site', () => {
    const [site] = makeSites();
    const exposed: unknown[] = [];
    let proto: object | null = site as object;
    while (proto && proto !== Object.prototype) {
      for (const name of Object.getOwnPropertyNames(proto)) {
        const d = Object.getOwnPropertyDescriptor(proto, name);
        if (d?.get) exposed.push(d.get.call(site));
        else if (d && typeof d.value !== 'function') exposed.push(d.value);
      }
      proto = Object.getPrototypeOf(proto) as object | null;
    }
    expect(exposed.some((v) => v instanceof tf.Tensor || Array.isArray(v))).toBe(false);
    expect(JSON.stringify(site)).not.toContain('0.');
    site?.dispose();
  });
});
