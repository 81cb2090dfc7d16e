// The scorecard as an ONNX model, so the champion serves through onnxruntime-node like any other model:
// every attribute's WoE bins become a lookup table of coefficient × WoE terms, and the graph returns the
// terms beside the PD. Points, base points and reason codes are read off the runtime's own terms.
import { createOnnxSession, exportBinnedAdditiveModel, inspectOnnx, runBatch, type OnnxSession, type TBinnedFeature } from '@platform/ml-core/onnx';
import type { TApplicantAttributes } from '../codebook';
import type { TBin, TFeatureBinning } from './binning';
import { rawValue, scalingConstants, type TScorecard, type TScoreResult } from './scorecard';

/** How one attribute is fed to the graph: a number, or its category's index in `vocabulary`. */
type TInputEncoding = { key: TScorecard['features'][number]['key']; kind: 'numeric' } | { key: TScorecard['features'][number]['key']; kind: 'categorical'; vocabulary: Map<string, number> };

function missingBin({ binning }: { binning: TFeatureBinning }): TBin {
  const bin = binning.bins.find((b) => b.kind === 'missing');
  if (!bin) throw new Error(`scorecard attribute '${binning.feature}' has no missing bin`);
  return bin;
}

/** The step function of one attribute in log-odds-of-bad terms, with the input encoding it expects. */
function toBinnedFeature({ feature }: { feature: TScorecard['features'][number] }): { spec: TBinnedFeature; encoding: TInputEncoding } {
  const { binning, coefficient, key } = feature;
  const term = (bin: TBin) => coefficient * bin.woe;
  const missing = term(missingBin({ binning }));
  if (binning.kind === 'numeric') {
    // Range bins must tile the line: sorted by upper edge, each starting where the previous one ended.
    const ranges = binning.bins.filter((b) => b.kind === 'range').sort((a, b) => (a.upper ?? Infinity) - (b.upper ?? Infinity));
    ranges.forEach((bin, i) => {
      const previous = ranges[i - 1];
      if ((previous?.upper ?? null) !== bin.lower) throw new Error(`scorecard attribute '${key}': range bins leave a gap or overlap at bin ${i}`);
    });
    if (ranges.length === 0 || ranges[ranges.length - 1]?.upper !== null) throw new Error(`scorecard attribute '${key}': the last range bin must be open above`);
    return {
      spec: { name: key, kind: 'numeric', upperEdges: ranges.slice(0, -1).map((b) => b.upper ?? NaN), values: ranges.map(term), missing },
      encoding: { key, kind: 'numeric' },
    };
  }
  const vocabulary = new Map<string, number>();
  const values: number[] = [];
  for (const bin of binning.bins) {
    if (bin.kind !== 'categories') continue;
    for (const category of bin.categories) {
      vocabulary.set(category, values.length);
      values.push(term(bin));
    }
  }
  return { spec: { name: key, kind: 'categorical', values, missing }, encoding: { key, kind: 'categorical', vocabulary } };
}

/**
 * ONNX bytes of a scorecard: input `features` float32 [N, F] (F = the scorecard's attributes, in order),
 * outputs `terms` (coefficient × WoE per attribute), `total` (log-odds of bad) and `probability` (the PD).
 * @example const bytes = exportScorecardToOnnx({ scorecard });
 */
export function exportScorecardToOnnx({ scorecard }: { scorecard: TScorecard }): Uint8Array {
  return exportBinnedAdditiveModel({
    features: scorecard.features.map((feature) => toBinnedFeature({ feature }).spec),
    intercept: scorecard.intercept,
    link: 'logit',
    docString: `Credit scorecard (WoE logistic regression) over ${scorecard.features.map((f) => f.key).join(', ')}: PD of a bad outcome`,
  }).bytes;
}

export interface TScorecardOnnx {
  session: OnnxSession;
  scorecard: TScorecard;
  encodings: TInputEncoding[];
}

/** An onnxruntime session for a scorecard's ONNX bytes (cached by content hash). */
export async function openScorecardOnnx({ onnx, scorecard }: { onnx: Uint8Array; scorecard: TScorecard }): Promise<TScorecardOnnx> {
  // The graph and the JSON are registered side by side; a mismatch would silently misread attributes.
  const info = await inspectOnnx({ bytes: onnx });
  const width = scorecard.features.length;
  const declared = info.inputs[0]?.shape?.[1];
  if (info.inputs.length !== 1 || declared !== width || !['terms', 'total', 'probability'].every((o) => info.outputs.some((v) => v.name === o))) {
    throw new Error(
      `the scorecard's ONNX model expects ${String(declared)} attributes (inputs ${info.inputs.map((i) => i.name).join(', ')}; outputs ${info.outputs.map((o) => o.name).join(', ')}), the scorecard has ${width}`,
    );
  }
  const session = await createOnnxSession({ bytes: onnx });
  return { session, scorecard, encodings: scorecard.features.map((feature) => toBinnedFeature({ feature }).encoding) };
}

function encode({ model, attributes, out, offset }: { model: TScorecardOnnx; attributes: TApplicantAttributes; out: Float32Array; offset: number }): void {
  model.encodings.forEach((encoding, j) => {
    const value = rawValue({ attributes, key: encoding.key });
    if (encoding.kind === 'numeric') out[offset + j] = typeof value === 'number' ? value : NaN;
    // An unseen or missing category is NaN: the graph gives it the missing bin's term, as findBin does.
    else out[offset + j] = value === null ? NaN : (encoding.vocabulary.get(String(value)) ?? NaN);
  });
}

/**
 * PD, points and per-attribute contributions of each application, computed by onnxruntime-node. The
 * contributions are the runtime's terms in points, measured from the average training applicant:
 * basePoints + Σ contributions = score (the runtime's total in points), as for the JS scorecard.
 */
export async function scoreScorecardWithOnnx({ model, items }: { model: TScorecardOnnx; items: readonly { attributes: TApplicantAttributes }[] }): Promise<TScoreResult[]> {
  if (items.length === 0) return [];
  const { scorecard } = model;
  const width = scorecard.features.length;
  const inputs = new Float32Array(items.length * width);
  items.forEach((item, r) => encode({ model, attributes: item.attributes, out: inputs, offset: r * width }));
  const { outputs } = await runBatch({ session: model.session, inputs, shape: [items.length, width] });
  const terms = outputs.terms?.data;
  const total = outputs.total?.data;
  const probability = outputs.probability?.data;
  if (!terms || !total || !probability) throw new Error('the scorecard ONNX model returned no terms, total or probability');
  const { factor, offset } = scalingConstants({ scaling: scorecard.scaling });
  const meanLogOdds = scorecard.intercept + scorecard.features.reduce((s, f) => s + f.coefficient * f.meanWoe, 0);
  const basePoints = offset - factor * meanLogOdds;
  return items.map((item, r) => {
    const contributions = scorecard.features.map((f, j) => {
      const term = terms[r * width + j] ?? NaN;
      return { key: f.key, value: rawValue({ attributes: item.attributes, key: f.key }), woe: f.coefficient === 0 ? 0 : term / f.coefficient, points: -factor * (term - f.coefficient * f.meanWoe) };
    });
    // The score is the model's own output (its log-odds in points); the contributions add up to it within
    // float32 rounding, which the tests check rather than assume.
    return { pd: probability[r] ?? NaN, score: offset - factor * (total[r] ?? NaN), basePoints, contributions };
  });
}
