// One tree, grown leaf-wise (best-first) on gradient histograms, as in LightGBM: the leaf whose best split
// gains most is split next, until max leaves. The smaller child's histogram is built from its rows; the
// larger one's is the parent's minus the smaller's.
import type { TBinMapper } from './binning';
import type { THistogramBuffers, THistogramBuilder } from './histogram';
import type { TGbdtResolvedParams } from './types';

/** A node as the learner keeps it: decisions on bins; leaves keep their row range and output bounds. */
export interface TTrainNode {
  kind: 'numeric' | 'categorical' | 'leaf';
  feature: number;
  /** Numeric: rows with bin ≤ thresholdBin go left. */
  thresholdBin: number;
  /** Numeric: where the missing bin goes. Categorical: where missing, unseen and absent categories go. */
  missingLeft: boolean;
  /** Categorical: 1 for bins that go left (the missing bin included). */
  leftMask: Uint8Array | null;
  left: number;
  right: number;
  gain: number;
  cover: number;
  /** Leaf: output before shrinkage, inside [lo, hi]. */
  output: number;
  begin: number;
  count: number;
  lo: number;
  hi: number;
}

interface TSplit {
  feature: number;
  gain: number;
  categorical: boolean;
  thresholdBin: number;
  missingLeft: boolean;
  leftMask: Uint8Array | null;
  leftG: number;
  leftH: number;
  leftC: number;
  leftOut: number;
  rightOut: number;
}

interface TLeaf {
  node: number;
  begin: number;
  count: number;
  sumG: number;
  sumH: number;
  depth: number;
  slot: number;
  lo: number;
  hi: number;
  output: number;
  split: TSplit | null;
}

export interface TGrowContext {
  params: TGbdtResolvedParams;
  mappers: readonly TBinMapper[];
  /** −1, 0, +1 per feature. */
  monotone: Int8Array;
  buffers: THistogramBuffers;
  builder: THistogramBuilder;
  /** n entries: where a leaf's right rows wait while the left ones are compacted (stable partition). */
  scratch: Uint32Array;
}

const thresholdL1 = (g: number, l1: number): number => (g > l1 ? g - l1 : g < -l1 ? g + l1 : 0);

/**
 * Grows one tree on rows indices[begin … begin+count) with the features in buffers.features[0 … numFeatures).
 * Returns the nodes (root first); leaves carry their rows' range in `indices`.
 */
export function growTree({
  ctx,
  begin,
  count,
  numFeatures,
  grad,
  hess,
}: {
  ctx: TGrowContext;
  begin: number;
  count: number;
  numFeatures: number;
  grad: Float64Array;
  hess: Float64Array;
}): TTrainNode[] {
  const { params, mappers, monotone, buffers, builder, scratch } = ctx;
  const { hist, stride, offsets, features, bins, indices, n } = buffers;
  const { l1, l2, minChildSamples: minC, minChildHessian: minH, maxLeaves, maxDepth, catSmooth, catL2, maxCatThreshold, maxCatToOnehot } = params;
  const minGain = Math.max(0, params.minGain);

  const leafOutput = (g: number, h: number, lo: number, hi: number, l2e: number): number => {
    const w = -thresholdL1(g, l1) / (h + l2e);
    return w < lo ? lo : w > hi ? hi : w;
  };
  const gainGivenOutput = (g: number, h: number, w: number, l2e: number): number => -(2 * thresholdL1(g, l1) * w + (h + l2e) * w * w);

  const nodes: TTrainNode[] = [];
  const newLeafNode = (leaf: Omit<TLeaf, 'node' | 'split'>): TLeaf => {
    nodes.push({
      kind: 'leaf',
      feature: -1,
      thresholdBin: 0,
      missingLeft: false,
      leftMask: null,
      left: -1,
      right: -1,
      gain: 0,
      cover: leaf.count,
      output: leaf.output,
      begin: leaf.begin,
      count: leaf.count,
      lo: leaf.lo,
      hi: leaf.hi,
    });
    return { ...leaf, node: nodes.length - 1, split: null };
  };

  const canSplit = (leaf: { depth: number; count: number }): boolean => (maxDepth <= 0 || leaf.depth < maxDepth) && leaf.count >= 2 * minC;

  // The best split of a leaf, from the histogram in its slot.
  const findBestSplit = (leaf: TLeaf): TSplit | null => {
    const base = leaf.slot * stride;
    const { sumG: G, sumH: H, count: C, lo, hi } = leaf;
    const constrainedLeaf = lo > -Infinity || hi < Infinity;
    const parentGain = gainGivenOutput(G, H, leaf.output, l2);
    let bestGain = minGain;
    let best: TSplit | null = null;
    // Outputs and gain of a candidate; NaN when the monotone constraint rules it out.
    let wl = 0;
    let wr = 0;
    const evaluate = (gl: number, hl: number, gr: number, hr: number, mono: number, l2e: number): number => {
      if (!constrainedLeaf && mono === 0) {
        const tl = thresholdL1(gl, l1);
        const tr = thresholdL1(gr, l1);
        return (tl * tl) / (hl + l2e) + (tr * tr) / (hr + l2e) - parentGain;
      }
      wl = leafOutput(gl, hl, lo, hi, l2e);
      wr = leafOutput(gr, hr, lo, hi, l2e);
      if ((mono > 0 && wl > wr) || (mono < 0 && wl < wr)) return NaN;
      return gainGivenOutput(gl, hl, wl, l2e) + gainGivenOutput(gr, hr, wr, l2e) - parentGain;
    };

    for (let p = 0; p < numFeatures; p++) {
      const f = features[p] ?? 0;
      const mapper = mappers[f];
      if (!mapper) continue;
      const o = base + (offsets[f] ?? 0) * 3;
      const nb = mapper.numBins;
      const mo = o + nb * 3;
      const gm = hist[mo] ?? 0;
      const hm = hist[mo + 1] ?? 0;
      const cm = hist[mo + 2] ?? 0;
      const mono = monotone[f] ?? 0;
      if (mapper.kind === 'numeric') {
        if (nb < 2 && cm === 0) continue;
        const fast = !constrainedLeaf && mono === 0 && l1 === 0;
        // Missing right, then (when the leaf has missing rows) missing left. Splitting after the last value
        // bin with missing rows right separates missing from present values.
        for (let pass = 0; pass < (cm > 0 ? 2 : 1); pass++) {
          const missingLeft = pass === 1;
          let gl = missingLeft ? gm : 0;
          let hl = missingLeft ? hm : 0;
          let cl = missingLeft ? cm : 0;
          const last = !missingLeft && cm > 0 ? nb - 1 : nb - 2;
          for (let t = 0; t <= last; t++) {
            const j = o + t * 3;
            const c = hist[j + 2] ?? 0;
            if (c === 0) continue;
            gl += hist[j] ?? 0;
            hl += hist[j + 1] ?? 0;
            cl += c;
            if (cl < minC || hl < minH) continue;
            const cr = C - cl;
            const hr = H - hl;
            if (cr < minC || hr < minH) break;
            // Unconstrained and without L1 (the common case), the gain needs no leaf outputs.
            const gain = fast ? (gl * gl) / (hl + l2) + ((G - gl) * (G - gl)) / (hr + l2) - parentGain : evaluate(gl, hl, G - gl, hr, mono, l2);
            if (gain > bestGain) {
              bestGain = gain;
              best = {
                feature: f,
                gain,
                categorical: false,
                thresholdBin: t,
                // No missing rows here: missing values follow the larger child.
                missingLeft: cm > 0 ? missingLeft : cl >= cr,
                leftMask: null,
                leftG: gl,
                leftH: hl,
                leftC: cl,
                leftOut: leafOutput(gl, hl, lo, hi, l2),
                rightOut: leafOutput(G - gl, hr, lo, hi, l2),
              };
            }
          }
        }
        continue;
      }
      // Categorical: bins 0 … nb−1 are categories, bin nb is missing (and every unseen code); it takes part
      // like a category, so missing values learn their own side.
      const present: number[] = [];
      for (let b = 0; b <= nb; b++) if ((hist[o + b * 3 + 2] ?? 0) > 0) present.push(b);
      if (present.length < 2) continue;
      const record = (chosen: readonly number[], gain: number, gl: number, hl: number, cl: number, l2e: number): void => {
        bestGain = gain;
        const mask = new Uint8Array(nb + 1);
        for (const b of chosen) mask[b] = 1;
        const missingPresent = cm > 0;
        const defaultLeft = missingPresent ? mask[nb] === 1 : cl >= C - cl;
        // Categories without rows in this leaf go where missing values go.
        for (let b = 0; b <= nb; b++) if ((hist[o + b * 3 + 2] ?? 0) === 0) mask[b] = defaultLeft ? 1 : 0;
        best = {
          feature: f,
          gain,
          categorical: true,
          thresholdBin: 0,
          missingLeft: defaultLeft,
          leftMask: mask,
          leftG: gl,
          leftH: hl,
          leftC: cl,
          leftOut: leafOutput(gl, hl, lo, hi, l2e),
          rightOut: leafOutput(G - gl, H - hl, lo, hi, l2e),
        };
      };
      if (present.length <= maxCatToOnehot) {
        for (const b of present) {
          const j = o + b * 3;
          const gl = hist[j] ?? 0;
          const hl = hist[j + 1] ?? 0;
          const cl = hist[j + 2] ?? 0;
          if (cl < minC || hl < minH || C - cl < minC || H - hl < minH) continue;
          const gain = evaluate(gl, hl, G - gl, H - hl, 0, l2);
          if (gain > bestGain) record([b], gain, gl, hl, cl, l2);
        }
        continue;
      }
      // Many categories (LightGBM): order the well-populated ones by gradient / (hessian + catSmooth) and
      // try the first k of that order on one side, from either end; rarer ones stay with the rest.
      const used = present.filter((b) => (hist[o + b * 3 + 2] ?? 0) >= catSmooth);
      if (used.length === 0) continue;
      const ratio = (b: number): number => (hist[o + b * 3] ?? 0) / ((hist[o + b * 3 + 1] ?? 0) + catSmooth);
      used.sort((a, b) => ratio(a) - ratio(b) || a - b);
      const maxNumCat = Math.min(maxCatThreshold, Math.floor((used.length + 1) / 2));
      const l2e = l2 + catL2;
      for (let dir = 0; dir < 2; dir++) {
        let gl = 0;
        let hl = 0;
        let cl = 0;
        for (let i = 0; i < Math.min(maxNumCat, used.length); i++) {
          const b = used[dir === 0 ? i : used.length - 1 - i] ?? 0;
          const j = o + b * 3;
          gl += hist[j] ?? 0;
          hl += hist[j + 1] ?? 0;
          cl += hist[j + 2] ?? 0;
          if (cl < minC || hl < minH) continue;
          if (C - cl < minC || H - hl < minH) break;
          const gain = evaluate(gl, hl, G - gl, H - hl, 0, l2e);
          if (gain > bestGain) record(dir === 0 ? used.slice(0, i + 1) : used.slice(used.length - 1 - i), gain, gl, hl, cl, l2e);
        }
      }
    }
    return best;
  };

  // Root.
  builder.build({ begin, count, slot: 0, numFeatures, grad, hess });
  let rootG = 0;
  let rootH = 0;
  for (let k = 0; k < count; k++) {
    const i = indices[begin + k] ?? 0;
    rootG += grad[i] ?? 0;
    rootH += hess[i] ?? 0;
  }
  const root = newLeafNode({ begin, count, sumG: rootG, sumH: rootH, depth: 0, slot: 0, lo: -Infinity, hi: Infinity, output: leafOutput(rootG, rootH, -Infinity, Infinity, l2) });
  if (canSplit(root) && maxLeaves > 1) root.split = findBestSplit(root);
  const leaves: TLeaf[] = [root];
  let nextSlot = 1;

  while (leaves.length < maxLeaves) {
    let pick = -1;
    let pickGain = -Infinity;
    leaves.forEach((leaf, i) => {
      if (leaf.split && leaf.split.gain > pickGain) {
        pick = i;
        pickGain = leaf.split.gain;
      }
    });
    const leaf = leaves[pick];
    if (!leaf?.split) break;
    const split = leaf.split;
    const node = nodes[leaf.node];
    if (!node) throw new Error('growTree: lost a leaf node');

    // Stable partition of the leaf's rows: left rows keep their order at the front, right rows follow.
    const f = split.feature;
    const col = f * n;
    const mapper = mappers[f];
    const missingBin = mapper?.missingBin ?? -1;
    const mask = split.leftMask;
    let nl = 0;
    let nr = 0;
    for (let k = leaf.begin; k < leaf.begin + leaf.count; k++) {
      const i = indices[k] ?? 0;
      const b = bins[col + i] ?? 0;
      const goLeft = mask ? mask[b] === 1 : b === missingBin ? split.missingLeft : b <= split.thresholdBin;
      if (goLeft) indices[leaf.begin + nl++] = i;
      else scratch[nr++] = i;
    }
    indices.set(scratch.subarray(0, nr), leaf.begin + nl);
    if (nl !== split.leftC) throw new Error(`growTree: partition sent ${nl} rows left, the histogram said ${split.leftC}`);

    // Children's output bounds: a monotone split puts the midpoint of the two outputs between them.
    const mono = monotone[f] ?? 0;
    let loL = leaf.lo;
    let hiL = leaf.hi;
    let loR = leaf.lo;
    let hiR = leaf.hi;
    if (mono !== 0) {
      const mid = (split.leftOut + split.rightOut) / 2;
      if (mono > 0) {
        hiL = Math.min(hiL, mid);
        loR = Math.max(loR, mid);
      } else {
        loL = Math.max(loL, mid);
        hiR = Math.min(hiR, mid);
      }
    }
    Object.assign(node, {
      kind: split.categorical ? 'categorical' : 'numeric',
      feature: f,
      thresholdBin: split.thresholdBin,
      missingLeft: split.missingLeft,
      leftMask: split.leftMask,
      gain: split.gain,
      left: nodes.length,
      right: nodes.length + 1,
    });
    const depth = leaf.depth + 1;
    const left = newLeafNode({ begin: leaf.begin, count: nl, sumG: split.leftG, sumH: split.leftH, depth, slot: -1, lo: loL, hi: hiL, output: split.leftOut });
    const right = newLeafNode({ begin: leaf.begin + nl, count: nr, sumG: leaf.sumG - split.leftG, sumH: leaf.sumH - split.leftH, depth, slot: -1, lo: loR, hi: hiR, output: split.rightOut });
    leaves[pick] = left;
    leaves.push(right);

    // Histograms only for children that may still be split.
    const room = leaves.length < maxLeaves;
    const splitLeft = room && canSplit(left);
    const splitRight = room && canSplit(right);
    if (splitLeft || splitRight) {
      const small = left.count <= right.count ? left : right;
      const large = small === left ? right : left;
      const largeNeeded = large === left ? splitLeft : splitRight;
      small.slot = nextSlot++;
      builder.build({ begin: small.begin, count: small.count, slot: small.slot, numFeatures, grad, hess });
      if (largeNeeded) {
        large.slot = leaf.slot;
        const ps = leaf.slot * stride;
        const ss = small.slot * stride;
        for (let p = 0; p < numFeatures; p++) {
          const ff = features[p] ?? 0;
          const end = (offsets[ff + 1] ?? 0) * 3;
          for (let j = (offsets[ff] ?? 0) * 3; j < end; j++) hist[ps + j] = (hist[ps + j] ?? 0) - (hist[ss + j] ?? 0);
        }
      }
      if (splitLeft) left.split = findBestSplit(left);
      if (splitRight) right.split = findBestSplit(right);
    }
  }
  return nodes;
}
