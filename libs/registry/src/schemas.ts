import { z } from 'zod';

const name = z.string().trim().min(1).max(200);
const sha256Hex = z.string().regex(/^[0-9a-f]{64}$/, 'must be a sha256 hex digest (64 lowercase hex characters)');

/** Json-safe values (what Prisma's Json columns take); hyper-parameters and history must be plain data. */
export type TJsonValue = string | number | boolean | null | TJsonValue[] | { [key: string]: TJsonValue };
export const ZJsonValue: z.ZodType<TJsonValue> = z.lazy(() =>
  z.union([z.string(), z.number().refine(Number.isFinite, 'must be a finite number'), z.boolean(), z.null(), z.array(ZJsonValue), z.record(z.string(), ZJsonValue)]),
);

export const ZModelInput = z.object({
  /** Unique, stable name, e.g. 'credit-default-lr'. */
  name: name.regex(/^[a-z0-9][a-z0-9._-]*$/, 'use lowercase letters, digits, ".", "_" or "-"'),
  domain: name,
  task: name,
  description: z.string().trim().min(1).max(5000),
});
export type TModelInput = z.infer<typeof ZModelInput>;

export const ZVersionInput = z.object({
  /** From `fingerprint` of `@platform/ml-core/data` (or a training record's `dataFingerprint`). */
  dataFingerprint: sha256Hex,
  /** Defaults to `readCodeVersion()` (the git commit of the checkout). */
  codeVersion: name.optional(),
  backend: name,
  hyperparameters: z.record(z.string(), ZJsonValue),
  parentVersionId: z.uuid().optional(),
});
export type TVersionInput = z.input<typeof ZVersionInput>;

export const ZMetricInput = z.object({
  name,
  // zod 4 already rejects NaN and ±Infinity; the message says so in plain words.
  value: z.number({ error: 'must be a finite number' }),
  /** Sub-population the value was measured on ('all' for the whole split). */
  slice: name.default('all'),
  split: name.default('test'),
});
export type TMetricInput = z.input<typeof ZMetricInput>;

/** Artifacts are stored in the database: keep them model-sized (ONNX files, scalers), not data sets. */
export const MAX_ARTIFACT_BYTES = 256 * 1024 * 1024;

export const ZArtifactInput = z.object({
  /** One per version, e.g. 'onnx', 'tfjs-weights', 'preprocessing'. */
  kind: name.regex(/^[a-z0-9][a-z0-9._-]*$/, 'use lowercase letters, digits, ".", "_" or "-"'),
  mediaType: name.regex(/^[\w.+-]+\/[\w.+-]+$/, 'must be a media type such as application/octet-stream'),
  content: z
    // z.custom, not z.instanceof: the latter narrows to Uint8Array<ArrayBuffer> and rejects exporters' views.
    .custom<Uint8Array>((v) => v instanceof Uint8Array, { message: 'must be a Uint8Array' })
    .refine((b) => b.byteLength > 0, 'must not be empty')
    .refine((b) => b.byteLength <= MAX_ARTIFACT_BYTES, `must be at most ${MAX_ARTIFACT_BYTES} bytes`),
});
export type TArtifactInput = z.infer<typeof ZArtifactInput>;

const lines = z.array(z.string().trim().min(1).max(2000)).max(50);

/** What a person must write for a model card; the registry adds metrics, lineage and training details. */
export const ZModelCardInput = z.object({
  intendedUse: z.string().trim().min(1).max(5000),
  outOfScopeUse: lines.min(1, 'name at least one out-of-scope use'),
  trainingData: z.object({
    description: z.string().trim().min(1).max(5000),
    source: z.string().trim().min(1).max(1000).optional(),
    rows: z.number().int().nonnegative().optional(),
  }),
  /** How the metrics were obtained (held-out split, k-fold CV...). */
  evaluation: z.string().trim().min(1).max(5000).optional(),
  limitations: lines.min(1, 'name at least one limitation'),
  ethicalConsiderations: lines.min(1, 'name at least one ethical consideration'),
});
export type TModelCardInput = z.infer<typeof ZModelCardInput>;

function noDuplicates<T>({ items, key, what }: { items: T[]; key: (item: T) => string; what: string }): (ctx: z.RefinementCtx) => void {
  return (ctx) => {
    const seen = new Map<string, number>();
    items.forEach((item, i) => {
      const k = key(item);
      const first = seen.get(k);
      if (first !== undefined) ctx.addIssue({ code: 'custom', path: [i], message: `duplicate ${what} ${k} (also at index ${first})` });
      else seen.set(k, i);
    });
  };
}

export const ZRegisterModelVersionInput = z.object({
  model: ZModelInput,
  version: ZVersionInput,
  metrics: z.array(ZMetricInput).superRefine((items, ctx) => noDuplicates({ items, key: (m) => `${m.name}/${m.slice}/${m.split}`, what: 'metric name/slice/split' })(ctx)),
  artifacts: z.array(ZArtifactInput).superRefine((items, ctx) => noDuplicates({ items, key: (a) => a.kind, what: 'artifact kind' })(ctx)),
  trainingRunId: z.uuid().optional(),
  card: ZModelCardInput,
  setChampion: z.boolean().default(false),
  /** Pre-chosen id (a job names the version in its result before the commit); generated when absent. */
  versionId: z.uuid().optional(),
});
export type TRegisterModelVersionInput = z.input<typeof ZRegisterModelVersionInput>;
export type TRegisterModelVersionParsed = z.output<typeof ZRegisterModelVersionInput>;
