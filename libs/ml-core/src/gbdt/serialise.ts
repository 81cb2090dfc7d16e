// Model JSON for the registry: plain JSON (thresholds of ±Infinity, which JSON cannot hold, are written as
// the strings "Infinity" / "-Infinity"), validated with zod when read back.
import { z } from 'zod';
import { compileGbdt } from './predict';
import type { TGbdtModel } from './types';

const finite = z.number().refine(Number.isFinite, 'must be a finite number');
const index = z.number().int().nonnegative();
const extended = z.union([z.number(), z.literal('Infinity').transform(() => Infinity), z.literal('-Infinity').transform(() => -Infinity)]);

const ZObjective = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('binary') }),
  z.object({ kind: z.literal('l2') }),
  z.object({ kind: z.literal('poisson'), maxDeltaStep: finite.optional() }),
  z.object({ kind: z.literal('tweedie'), variancePower: finite }),
  z.object({ kind: z.literal('quantile'), alpha: finite }),
]);

const ZNode = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('numeric'), feature: index, threshold: extended, missingGoesLeft: z.boolean(), left: index, right: index, gain: finite, cover: finite }),
  z.object({ kind: z.literal('categorical'), feature: index, categories: z.array(index), categoriesGoLeft: z.boolean(), left: index, right: index, gain: finite, cover: finite }),
  z.object({ kind: z.literal('leaf'), value: finite, cover: finite }),
]);

const ZMonotone = z.union([z.literal(-1), z.literal(0), z.literal(1)]);

export const ZGbdtModel = z.object({
  format: z.literal('ml-core-gbdt'),
  version: z.literal(1),
  objective: ZObjective,
  baseScore: finite,
  features: z.array(
    z.discriminatedUnion('kind', [
      z.object({ name: z.string(), kind: z.literal('numeric'), monotone: ZMonotone }),
      z.object({ name: z.string(), kind: z.literal('categorical'), categories: z.array(index) }),
    ]),
  ),
  trees: z.array(z.object({ nodes: z.array(ZNode).min(1) })),
  params: z.object({
    objective: ZObjective,
    numTrees: index,
    learningRate: finite,
    maxLeaves: index,
    maxDepth: index,
    minChildSamples: index,
    minChildHessian: finite,
    minGain: finite,
    l1: finite,
    l2: finite,
    baggingFraction: finite,
    baggingFreq: index,
    featureFraction: finite,
    maxBins: index,
    maxCatThreshold: index,
    catSmooth: finite,
    catL2: finite,
    maxCatToOnehot: index,
    earlyStoppingRounds: index.nullable(),
    seed: index,
  }),
});

/**
 * The model as a JSON string (deterministic: same model, same bytes).
 *
 * @example
 * const json = serialiseGbdtModel({ model }); // store as an 'application/json' artifact
 */
export function serialiseGbdtModel({ model }: { model: TGbdtModel }): string {
  return JSON.stringify(model, (_key, value: unknown) => (value === Infinity ? 'Infinity' : value === -Infinity ? '-Infinity' : value));
}

/**
 * Reads a model written by `serialiseGbdtModel` (or the parsed object), checking its shape and that every
 * tree is well formed.
 *
 * @example
 * const model = loadGbdtModel({ json: await artifact.text() });
 */
export function loadGbdtModel({ json }: { json: string | unknown }): TGbdtModel {
  const data: unknown = typeof json === 'string' ? JSON.parse(json) : json;
  const parsed = ZGbdtModel.safeParse(data);
  if (!parsed.success) throw new Error(`loadGbdtModel: not a GBDT model: ${parsed.error.issues.slice(0, 3).map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  const model: TGbdtModel = parsed.data;
  compileGbdt({ model });
  return model;
}
