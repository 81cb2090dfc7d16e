// The feature spec: one declaration per data set of what each column is — its label, type, allowed values and
// their labels, unit, bounds, missing-value rule, whether it is a protected attribute and which way a policy
// says risk must move with it. Everything else that needs to know the columns is derived from it: the zod
// input schema (forms, procedures, CSV rows), the CSV column mapping and cell decoding, values in words for
// reason codes, the drift features, the fairness groups and the monotone constraints of tree models.
// Client-safe: no node imports.
import { z } from 'zod';

interface TFeatureBase<K extends string> {
  key: K;
  /** What a person reads: 'Duration (months)'. */
  label: string;
  /** The label in error messages ('Duration must be at least 1'); default: the label without its "(…)" part. */
  shortLabel?: string;
  /** Protected attributes are never model inputs; they define the fairness groups. */
  protected?: boolean;
  /** 'allow': an empty cell is a missing value (null); default 'refuse': the row is an error. */
  missing?: 'refuse' | 'allow';
  /** Other names a CSV header may use for the column (matched ignoring case and punctuation). */
  aliases?: readonly string[];
}

export interface TNumericFeature<K extends string = string> extends TFeatureBase<K> {
  kind: 'numeric';
  /** Whole numbers only. */
  integer?: boolean;
  unit?: string;
  min?: number;
  /** The value itself is refused too ('above 0'). */
  exclusiveMin?: boolean;
  max?: number;
  /** Which way a policy requires the risk (or the target) to move as the value grows: a monotone constraint. */
  riskDirection?: 'increases' | 'decreases';
}

export interface TCategoricalFeature<K extends string = string> extends TFeatureBase<K> {
  kind: 'categorical';
  values: readonly string[];
  /** External codes in the order of `values` (a codebook's A11, A12…), accepted in files. */
  codes?: readonly string[];
  /** Each value in words. */
  labels: Record<string, string>;
  /** Values in their natural order (an ordinal attribute); values not listed have no order. */
  ordinal?: readonly string[];
}

export interface TBooleanFeature<K extends string = string> extends TFeatureBase<K> {
  kind: 'boolean';
  /** External codes [a, b] with `firstIs` the value of a (codebooks code yes/no as A191/A192). */
  codes?: readonly [string, string];
  firstIs?: boolean;
  labels: { true: string; false: string };
}

export interface TDateFeature<K extends string = string> extends TFeatureBase<K> {
  kind: 'date';
}

export type TFeature<K extends string = string> = TNumericFeature<K> | TCategoricalFeature<K> | TBooleanFeature<K> | TDateFeature<K>;

export interface TFeatureSpec<K extends string = string> {
  /** The data set, e.g. 'German Credit (UCI Statlog)'. */
  name: string;
  features: readonly TFeature<K>[];
}

export type TFeatureValue = string | number | boolean | Date | null;

/** The label used in messages: the short label, else the label without a trailing "(…)". */
export function messageLabel(feature: TFeature): string {
  return feature.shortLabel ?? feature.label.replace(/ \(.*\)$/, '');
}

const fmt = (n: number) => String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ' ');

const schemas = new WeakMap<TFeature, z.ZodType<TFeatureValue>>();

/** The zod schema of one feature's value (already decoded: a number, a named category, a boolean, a date). */
export function featureSchema(feature: TFeature): z.ZodType<TFeatureValue> {
  // Built once per feature: a file of 100 000 rows checks millions of cells against the same schemas.
  const cached = schemas.get(feature);
  if (cached) return cached;
  const built = buildFeatureSchema(feature);
  schemas.set(feature, built);
  return built;
}

function buildFeatureSchema(feature: TFeature): z.ZodType<TFeatureValue> {
  const label = messageLabel(feature);
  let schema: z.ZodType<TFeatureValue>;
  if (feature.kind === 'numeric') {
    let n = z.coerce.number({ error: `${label} must be a number` }).finite(`${label} must be finite`);
    if (feature.integer) n = n.int(`${label} must be a whole number`);
    if (feature.min !== undefined) n = feature.exclusiveMin ? n.gt(feature.min, `${label} must be above ${fmt(feature.min)}`) : n.min(feature.min, `${label} must be at least ${fmt(feature.min)}`);
    if (feature.max !== undefined) n = n.max(feature.max, `${label} must be at most ${fmt(feature.max)}`);
    schema = n;
  } else if (feature.kind === 'categorical') {
    const values = new Set(feature.values);
    const message = `${label} must be one of ${feature.values.join(', ')}`;
    schema = z.string({ error: message }).refine((v) => values.has(v), { message });
  } else if (feature.kind === 'boolean') {
    schema = z.boolean({ error: `${label} must be yes or no` });
  } else {
    schema = z.coerce.date({ error: `${label} must be a date (YYYY-MM-DD)` });
  }
  return feature.missing === 'allow' ? schema.nullable() : schema;
}

/**
 * The zod object schema of a row: one field per feature (protected ones included: they are data, only not
 * model inputs). Pass the row's TypeScript type to get it back typed.
 * @example const ZApplicant = specSchema<TApplicant>({ spec }); ZApplicant.parse(form);
 */
export function specSchema<TRow>({ spec }: { spec: TFeatureSpec }): z.ZodType<TRow, TRow> {
  return z.object(specShape({ spec })) as unknown as z.ZodType<TRow, TRow>;
}

/** The schema of each feature by key (a form validating one field, a column guide reading the bounds). */
export function specShape<K extends string>({ spec }: { spec: TFeatureSpec<K> }): Record<K, z.ZodType<TFeatureValue>> {
  return Object.fromEntries(spec.features.map((f) => [f.key, featureSchema(f)])) as Record<K, z.ZodType<TFeatureValue>>;
}

const norm = (s: string) => s.toLowerCase().replace(/[^a-z0-9]/g, '');

/** Proposes a CSV column for each feature, matching its key, label, short label or an alias (case and punctuation ignored). */
export function proposeColumnMapping<K extends string>({ spec, header }: { spec: TFeatureSpec<K>; header: readonly string[] }): Partial<Record<K, string>> {
  const mapping: Partial<Record<K, string>> = {};
  for (const f of spec.features) {
    const wanted = [f.key, f.label, messageLabel(f), ...(f.aliases ?? [])].map(norm);
    const hit = header.find((h) => wanted.includes(norm(h)));
    if (hit !== undefined) mapping[f.key] = hit;
  }
  return mapping;
}

export type TDecodedCell = { ok: true; value: TFeatureValue } | { ok: false; messages: string[] };

/**
 * One CSV cell read as the feature's value: numbers as numbers, a category by its name, code or label, a boolean
 * by yes/no/true/false/1/0, its labels or codes; then checked by the feature's schema, so a form and a file
 * refuse the same values. Every problem of the cell is returned.
 */
export function decodeCell({ feature, cell }: { feature: TFeature; cell: string }): TDecodedCell {
  const text = cell.trim();
  if (text === '') return feature.missing === 'allow' ? { ok: true, value: null } : { ok: false, messages: [`${feature.label} is empty`] };
  let value: unknown;
  const c = text.toLowerCase();
  if (feature.kind === 'numeric') {
    const n = Number(text);
    if (!Number.isFinite(n)) return { ok: false, messages: [`${feature.label} "${text}" is not a finite number`] };
    value = n;
  } else if (feature.kind === 'categorical') {
    const i = feature.values.findIndex((v, j) => v.toLowerCase() === c || (feature.codes?.[j] ?? '').toLowerCase() === c || (feature.labels[v] ?? '').toLowerCase() === c);
    if (i < 0) return { ok: false, messages: [`${feature.label}: unknown category "${text}"`] };
    value = feature.values[i];
  } else if (feature.kind === 'boolean') {
    const codes = feature.codes?.map((x) => x.toLowerCase()) ?? [];
    const first = feature.firstIs ?? true;
    if (['yes', 'true', '1', 'y'].includes(c) || c === feature.labels.true.toLowerCase()) value = true;
    else if (['no', 'false', '0', 'n'].includes(c) || c === feature.labels.false.toLowerCase()) value = false;
    else if (codes[0] === c) value = first;
    else if (codes[1] === c) value = !first;
    else return { ok: false, messages: [`${feature.label}: "${text}" is not yes or no`] };
  } else {
    value = text;
  }
  const parsed = featureSchema(feature).safeParse(value);
  return parsed.success ? { ok: true, value: parsed.data } : { ok: false, messages: parsed.error.issues.map((i) => i.message) };
}

/** A value as a person reads it: a category's label, yes/no in the feature's words, a number with its unit. */
export function describeFeatureValue({ feature, value }: { feature: TFeature; value: TFeatureValue | undefined }): string {
  if (value === null || value === undefined) return 'missing';
  if (feature.kind === 'categorical') return feature.labels[String(value)] ?? String(value);
  if (feature.kind === 'boolean') return value === true ? feature.labels.true : feature.labels.false;
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  if (feature.kind === 'numeric' && feature.unit) return feature.unit === '%' ? `${String(value)}%` : `${String(value)} ${feature.unit}`;
  return String(value);
}

/** The model inputs: every feature that is not protected (and not excluded by the caller). */
export function inputFeatures<K extends string>({ spec, exclude = [] }: { spec: TFeatureSpec<K>; exclude?: readonly K[] }): TFeature<K>[] {
  return spec.features.filter((f) => !f.protected && !exclude.includes(f.key));
}

/** The features drift is watched on: the model inputs, numeric ones binned, categories counted per value. */
export function driftFeatures<K extends string>({ spec }: { spec: TFeatureSpec<K> }): { key: K; label: string; kind: 'numeric' | 'categorical' }[] {
  return inputFeatures({ spec }).flatMap((f) => (f.kind === 'date' ? [] : [{ key: f.key, label: f.label, kind: f.kind === 'numeric' ? ('numeric' as const) : ('categorical' as const) }]));
}

/** The protected attributes fairness is reported on. */
export function fairnessAttributes<K extends string>({ spec }: { spec: TFeatureSpec<K> }): TFeature<K>[] {
  return spec.features.filter((f) => f.protected === true);
}

/** One constraint per listed feature: +1 risk never falls as it grows, −1 never rises, 0 none. */
export function monotoneConstraints<K extends string>({ spec, keys }: { spec: TFeatureSpec<K>; keys: readonly K[] }): (-1 | 0 | 1)[] {
  return keys.map((key) => {
    const f = spec.features.find((x) => x.key === key);
    if (!f) throw new Error(`monotoneConstraints: "${key}" is not a feature of ${spec.name}`);
    return f.kind === 'numeric' && f.riskDirection ? (f.riskDirection === 'increases' ? 1 : -1) : 0;
  });
}

export interface TColumnGuideRow {
  column: string;
  label: string;
  type: string;
  accepted: string;
  example: string;
}

const exampleCell = (v: TFeatureValue | undefined) => (v === null || v === undefined ? '' : typeof v === 'boolean' ? (v ? 'yes' : 'no') : v instanceof Date ? v.toISOString().slice(0, 10) : String(v));

/**
 * One row per feature for an import page: the column name the import matches, its type, what it accepts (the
 * bounds the schema applies, the categories with their codes and labels) and an example value.
 */
export function describeColumns<K extends string>({ spec, example }: { spec: TFeatureSpec<K>; example: Partial<Record<K, TFeatureValue>> }): TColumnGuideRow[] {
  const n = (v: number) => v.toLocaleString('en-GB');
  return spec.features.map((f) => {
    const base = { column: f.key, label: f.label, example: exampleCell(example[f.key]) };
    const empty = f.missing === 'allow' ? '; may be empty' : '';
    if (f.kind === 'numeric') {
      const range = [f.min !== undefined ? `${f.exclusiveMin ? 'above' : 'from'} ${n(f.min)}` : '', f.max !== undefined ? `to ${n(f.max)}` : ''].filter(Boolean).join(' ');
      return { ...base, type: f.integer ? 'whole number' : 'number', accepted: `${range || 'any number'}${f.unit ? ` (${f.unit})` : ''}${empty}` };
    }
    if (f.kind === 'boolean') return { ...base, type: 'yes / no', accepted: `yes or no (also true/false, 1/0${f.codes ? `, ${f.codes.join('/')}` : ''})${empty}` };
    if (f.kind === 'date') return { ...base, type: 'date', accepted: `YYYY-MM-DD${empty}` };
    return { ...base, type: 'category', accepted: f.values.map((v, i) => `${v} (${f.codes?.[i] ? `${f.codes[i]}: ` : ''}${f.labels[v] ?? v})`).join('; ') + empty };
  });
}

/** A template CSV: the header the import matches at once, and one example row. */
export function templateCsv<K extends string>({ spec, example }: { spec: TFeatureSpec<K>; example: Partial<Record<K, TFeatureValue>> }): string {
  const quote = (s: string) => (/[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);
  return `${spec.features.map((f) => f.key).join(',')}\n${spec.features.map((f) => quote(exampleCell(example[f.key]))).join(',')}\n`;
}
