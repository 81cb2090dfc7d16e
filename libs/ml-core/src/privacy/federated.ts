import { createCipheriv, createHash, diffieHellman, generateKeyPairSync } from 'node:crypto';
import type { KeyObject } from 'node:crypto';
import * as tf from '@tensorflow/tfjs';
import type { Rng } from './random';
import { cryptoRng, gaussianNoise } from './random';

/** A model's weights flattened per tensor, in `getWeights()` order. */
export type WeightVector = Float32Array[];

export function readWeights(model: tf.LayersModel): WeightVector {
  return model.getWeights().map((w) => w.dataSync().slice() as Float32Array);
}

export function writeWeights(model: tf.LayersModel, weights: WeightVector): void {
  const current = model.getWeights();
  if (current.length !== weights.length) throw new Error('federated: weight count differs from the model');
  const tensors = current.map((w, i) => tf.tensor(weights[i] as Float32Array, w.shape));
  model.setWeights(tensors);
  tensors.forEach((t) => t.dispose());
}

function flatten(v: WeightVector): Float64Array {
  const out = new Float64Array(v.reduce((s, a) => s + a.length, 0));
  let off = 0;
  for (const a of v) {
    out.set(a, off);
    off += a.length;
  }
  return out;
}

function unflatten(flat: ArrayLike<number>, like: WeightVector): WeightVector {
  let off = 0;
  return like.map((a) => {
    const out = new Float32Array(a.length);
    for (let i = 0; i < a.length; i++) out[i] = flat[off + i] as number;
    off += a.length;
    return out;
  });
}

// ---------------------------------------------------------------------------------------------
// Secure aggregation (Bonawitz et al. 2017, honest-but-curious server, no dropouts): every pair of
// sites agrees an X25519 secret; each expands it into a mask stream that one adds and the other
// subtracts, modulo 2^32 on fixed-point values. The masks cancel exactly in the sum; a single masked
// vector is uniformly distributed and says nothing about its update.
// ---------------------------------------------------------------------------------------------

const MOD = 4294967296; // 2^32

function maskStream(secret: Buffer, round: number, length: number): Uint32Array {
  const key = createHash('sha256').update(secret).update(`fedavg-mask|round:${round}`).digest();
  const cipher = createCipheriv('aes-256-ctr', key, Buffer.alloc(16));
  const bytes = Buffer.concat([cipher.update(Buffer.alloc(4 * length)), cipher.final()]);
  const out = new Uint32Array(length);
  for (let i = 0; i < length; i++) out[i] = bytes.readUInt32LE(4 * i);
  return out;
}

export interface MaskUpdateOptions {
  /** Values to hide (e.g. n·Δθ followed by n). */
  vector: ArrayLike<number>;
  selfId: string;
  privateKey: KeyObject;
  /** Every other participant this round, with its X25519 public key. */
  peers: readonly { id: string; publicKey: KeyObject }[];
  round: number;
  /** Fixed-point scale: values are rounded to 1/scale. Default 2^16. */
  scale?: number;
}

/**
 * Fixed-point encode and pairwise-mask a vector for secure aggregation.
 *
 * @example
 * const masked = maskUpdate({ vector, selfId: 'a', privateKey, peers, round: 1 });
 */
export function maskUpdate(opts: MaskUpdateOptions): Uint32Array {
  const scale = opts.scale ?? 65536;
  const participants = opts.peers.length + 1;
  const limit = MOD / 2 / participants; // the sum of all participants must stay inside ±2^31
  const out = new Uint32Array(opts.vector.length);
  for (let i = 0; i < out.length; i++) {
    const q = Math.round((opts.vector[i] as number) * scale);
    if (!(Math.abs(q) < limit)) throw new Error(`maskUpdate: value at ${i} overflows the fixed-point range; lower scale or clip updates`);
    out[i] = ((q % MOD) + MOD) % MOD;
  }
  for (const peer of opts.peers) {
    if (peer.id === opts.selfId) continue;
    const secret = diffieHellman({ privateKey: opts.privateKey, publicKey: peer.publicKey });
    const mask = maskStream(secret, opts.round, out.length);
    const add = opts.selfId < peer.id;
    for (let i = 0; i < out.length; i++) out[i] = (((out[i] as number) + (add ? (mask[i] as number) : MOD - (mask[i] as number))) % MOD) >>> 0;
  }
  return out;
}

/**
 * Server side: sums masked vectors mod 2^32 (masks cancel) and decodes the fixed-point total.
 *
 * @example
 * const total = unmaskSum({ masked: [ma, mb, mc] }); // ≈ a + b + c
 */
export function unmaskSum({ masked, scale = 65536 }: { masked: readonly Uint32Array[]; scale?: number }): Float64Array {
  const first = masked[0];
  if (!first) throw new Error('unmaskSum: nothing to sum');
  const out = new Float64Array(first.length);
  for (let i = 0; i < first.length; i++) {
    let s = 0;
    for (const m of masked) s = (s + (m[i] as number)) % MOD;
    out[i] = (s >= MOD / 2 ? s - MOD : s) / scale;
  }
  return out;
}

// ---------------------------------------------------------------------------------------------

export interface LocalTrainingOptions {
  /** Builds a compiled model of the shared architecture (each site trains its own instance). */
  createModel: () => tf.LayersModel;
  globalWeights: WeightVector;
  epochs: number;
  batchSize: number;
}

/**
 * A data holder in a federation. Its rows live in private fields: there is deliberately no getter,
 * so the only things that leave a Site are model updates (optionally clipped, masked and noised).
 *
 * @example
 * const site = new Site({ id: 'hospital-a', xs, ys });
 */
export class Site {
  readonly id: string;
  readonly #xs: tf.Tensor;
  readonly #ys: tf.Tensor;
  readonly #privateKey: KeyObject;
  /** X25519 public key for secure-aggregation key agreement. */
  readonly publicKey: KeyObject;

  constructor({ id, xs, ys }: { id: string; xs: tf.Tensor; ys: tf.Tensor }) {
    if (xs.shape[0] !== ys.shape[0]) throw new Error(`Site ${id}: xs and ys differ in row count`);
    this.id = id;
    this.#xs = tf.clone(xs); // own copy: the caller disposing theirs must not reach in
    this.#ys = tf.clone(ys);
    const { privateKey, publicKey } = generateKeyPairSync('x25519');
    this.#privateKey = privateKey;
    this.publicKey = publicKey;
  }

  get numExamples(): number {
    return this.#xs.shape[0] ?? 0;
  }

  /** Trains locally from the global weights and returns Δθ = θ_local − θ_global. */
  async computeUpdate(opts: LocalTrainingOptions): Promise<WeightVector> {
    const model = opts.createModel();
    try {
      writeWeights(model, opts.globalWeights);
      await model.fit(this.#xs, this.#ys, { epochs: opts.epochs, batchSize: opts.batchSize, shuffle: false, verbose: 0 });
      return readWeights(model).map((w, i) => w.map((v, j) => v - ((opts.globalWeights[i] as Float32Array)[j] as number)));
    } finally {
      model.dispose();
    }
  }

  /** Masks a vector for secure aggregation with this site's private key (which never leaves the Site). */
  mask(opts: Omit<MaskUpdateOptions, 'selfId' | 'privateKey'>): Uint32Array {
    return maskUpdate({ ...opts, selfId: this.id, privateKey: this.#privateKey });
  }

  dispose(): void {
    this.#xs.dispose();
    this.#ys.dispose();
  }
}

export interface FedAvgRoundOptions {
  globalModel: tf.LayersModel;
  sites: readonly Site[];
  createModel: () => tf.LayersModel;
  localEpochs?: number;
  batchSize?: number;
  /** Server learning rate on the averaged update. Default 1 (plain FedAvg). */
  serverLearningRate?: number;
  /** Mask updates so the server only learns their sum. Default false. */
  secureAggregation?: boolean;
  /** Round number (feeds the mask streams so masks never repeat). Default 0. */
  round?: number;
  fixedPointScale?: number;
  /**
   * Client-level DP (McMahan et al. 2018): each update clipped to L2 ≤ clipNorm at the site, sites
   * weighted equally (weights by row count would break the sensitivity bound), and N(0, (σ·clipNorm)²)
   * added to the sum before dividing by the number of sites.
   */
  clientDp?: { clipNorm: number; noiseMultiplier: number; rng?: Rng };
}

export interface FedAvgRoundResult {
  numSites: number;
  numExamples: number;
  /** L2 norm of each site's update before clipping (only in the clear run; not privatised). */
  updateNorms?: number[];
  /** What the server received per site when secure aggregation is on. */
  serverView?: Uint32Array[];
}

/**
 * One weighted FedAvg round (McMahan et al. 2017): every site trains from the global weights, the
 * server averages the updates (weights n_k / Σn) and applies them to the global model.
 *
 * @example
 * for (let r = 0; r < 10; r++) await runFedAvgRound({ globalModel, sites, createModel, round: r, secureAggregation: true });
 */
export async function runFedAvgRound(opts: FedAvgRoundOptions): Promise<FedAvgRoundResult> {
  const { globalModel, sites } = opts;
  if (sites.length === 0) throw new Error('runFedAvgRound: no sites');
  const globalWeights = readWeights(globalModel);
  const dp = opts.clientDp;
  const round = opts.round ?? 0;
  const contributions: Float64Array[] = [];
  const norms: number[] = [];
  for (const site of sites) {
    const update = flatten(await site.computeUpdate({ createModel: opts.createModel, globalWeights, epochs: opts.localEpochs ?? 1, batchSize: opts.batchSize ?? 32 }));
    const norm = Math.sqrt(update.reduce((s, v) => s + v * v, 0));
    norms.push(norm);
    const weight = dp ? 1 : site.numExamples;
    const factor = dp && norm > dp.clipNorm ? dp.clipNorm / norm : 1;
    // Last element carries the weight so the denominator is aggregated (and hidden) like the rest.
    const v = new Float64Array(update.length + 1);
    for (let i = 0; i < update.length; i++) v[i] = weight * factor * (update[i] as number);
    v[update.length] = weight;
    contributions.push(v);
  }
  let sum: Float64Array;
  let serverView: Uint32Array[] | undefined;
  if (opts.secureAggregation) {
    const peers = sites.map((s) => ({ id: s.id, publicKey: s.publicKey }));
    serverView = sites.map((s, k) =>
      s.mask({ vector: contributions[k] as Float64Array, peers: peers.filter((p) => p.id !== s.id), round, scale: opts.fixedPointScale }),
    );
    sum = unmaskSum({ masked: serverView, scale: opts.fixedPointScale });
  } else {
    sum = new Float64Array((contributions[0] as Float64Array).length);
    for (const c of contributions) for (let i = 0; i < c.length; i++) sum[i] = (sum[i] as number) + (c[i] as number);
  }
  const n = sum.length - 1;
  const total = sum[n] as number;
  if (dp) {
    const noise = gaussianNoise(n, dp.noiseMultiplier * dp.clipNorm, dp.rng ?? cryptoRng());
    for (let i = 0; i < n; i++) sum[i] = (sum[i] as number) + (noise[i] as number);
  }
  const lr = opts.serverLearningRate ?? 1;
  const flatGlobal = flatten(globalWeights);
  const next = new Float64Array(n);
  for (let i = 0; i < n; i++) next[i] = (flatGlobal[i] as number) + (lr * (sum[i] as number)) / total;
  writeWeights(globalModel, unflatten(next, globalWeights));
  return {
    numSites: sites.length,
    numExamples: sites.reduce((s, site) => s + site.numExamples, 0),
    ...(opts.secureAggregation ? { serverView } : { updateNorms: norms }),
  };
}
