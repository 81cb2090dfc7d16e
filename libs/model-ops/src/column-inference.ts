// What a file's columns look like before anyone has declared them: the first step of bringing a data set the
// platform has never seen. One streamed pass (csv-parse) counts, per column, missing cells, distinct values (up
// to a cap), how many cells read as numbers, whole numbers, yes/no and ISO dates, and keeps a sample; from
// that it proposes a kind and says what is wrong with a column in words (constant, all missing, thousands of
// levels, mixed types, an id). The user then corrects the proposal and `specFromColumns` turns it into a
// feature spec. Nothing is stored here.
import { Readable } from 'node:stream';
import { parse } from 'csv-parse';
import { AppError } from '@platform/util';
import type { TFeature, TFeatureSpec } from './feature-spec';

export type TInferredKind = 'numeric' | 'integer' | 'categorical' | 'boolean' | 'date' | 'text';

export interface TInferredColumn {
  name: string;
  kind: TInferredKind;
  rows: number;
  missing: number;
  missingShare: number;
  /** Distinct non-empty values, counted up to `distinctCap` (then `distinctCapped`). */
  distinct: number;
  distinctCapped: boolean;
  /** The most frequent values, with counts (ten at most). */
  topValues: { value: string; count: number }[];
  /** Every value, most frequent first, when there are at most `maxLevels` (what a category column may hold). */
  levels: string[] | null;
  sample: string[];
  min: number | null;
  max: number | null;
  /** Every value differs and none is missing: an identifier (excluded from models by default). */
  looksLikeId: boolean;
  /** Problems in words, each naming the column: what a model cannot use as it is. */
  problems: string[];
}

export interface TColumnInference {
  rows: number;
  columns: TInferredColumn[];
}

const NUMBER_RE = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;
const INTEGER_RE = /^[+-]?\d+$/;
const DATE_RE = /^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$/;
const BOOLEAN = new Set(['yes', 'no', 'true', 'false', 'y', 'n']);

interface TTally {
  missing: number;
  numbers: number;
  integers: number;
  booleans: number;
  dates: number;
  values: Map<string, number>;
  capped: boolean;
  sample: string[];
  min: number;
  max: number;
}

/**
 * @example const { columns } = await inferColumns({ source: buffer });
 * // columns[0] = { name: 'utilisation', kind: 'numeric', missingShare: 0.02, distinct: 812, … }
 */
export async function inferColumns({ source, distinctCap = 1000, maxLevels = 50, sampleSize = 5 }: { source: Buffer | string; distinctCap?: number; maxLevels?: number; sampleSize?: number }): Promise<TColumnInference> {
  const parser = Readable.from([source]).pipe(parse({ relax_column_count: true, skip_empty_lines: true, bom: true }));
  let header: string[] | null = null;
  let tallies: TTally[] = [];
  let rows = 0;
  try {
    for await (const record of parser as AsyncIterable<string[]>) {
      if (!header) {
        header = record.map((h) => h.trim());
        const seen = new Set<string>();
        for (const [i, h] of header.entries()) {
          if (h === '') throw new AppError({ code: 'BAD_INPUT', message: `Column ${i + 1} has no name in the header row` });
          if (seen.has(h)) throw new AppError({ code: 'BAD_INPUT', message: `Column "${h}" appears twice in the header row` });
          seen.add(h);
        }
        tallies = header.map(() => ({ missing: 0, numbers: 0, integers: 0, booleans: 0, dates: 0, values: new Map(), capped: false, sample: [], min: Infinity, max: -Infinity }));
        continue;
      }
      rows += 1;
      tallies.forEach((t, i) => {
        const cell = (record[i] ?? '').trim();
        if (cell === '' || /^(na|n\/a|null|nan)$/i.test(cell)) {
          t.missing += 1;
          return;
        }
        if (NUMBER_RE.test(cell)) {
          t.numbers += 1;
          const n = Number(cell);
          if (n < t.min) t.min = n;
          if (n > t.max) t.max = n;
          if (INTEGER_RE.test(cell)) t.integers += 1;
        }
        if (BOOLEAN.has(cell.toLowerCase())) t.booleans += 1;
        if (DATE_RE.test(cell) && !Number.isNaN(Date.parse(cell.slice(0, 10)))) t.dates += 1;
        const known = t.values.get(cell);
        if (known !== undefined) t.values.set(cell, known + 1);
        else if (t.values.size < distinctCap) t.values.set(cell, 1);
        else t.capped = true;
        if (t.sample.length < sampleSize && !t.sample.includes(cell)) t.sample.push(cell);
      });
    }
  } catch (error) {
    if (error instanceof AppError) throw error;
    throw new AppError({ code: 'BAD_INPUT', message: `Not a readable CSV file: ${error instanceof Error ? error.message : String(error)}` });
  }
  if (!header) throw new AppError({ code: 'BAD_INPUT', message: 'The file is empty: no header row' });
  if (rows === 0) throw new AppError({ code: 'BAD_INPUT', message: 'The file has a header row but no data rows' });
  const names = header;
  const columns = tallies.map((t, i): TInferredColumn => {
    const name = names[i] ?? `column ${i + 1}`;
    const filled = rows - t.missing;
    const distinct = t.values.size;
    let kind: TInferredKind;
    if (filled === 0) kind = 'text';
    else if (t.numbers === filled) kind = t.integers === filled ? 'integer' : 'numeric';
    else if (t.booleans === filled) kind = 'boolean';
    else if (t.dates === filled) kind = 'date';
    else kind = t.capped || distinct > maxLevels ? 'text' : 'categorical';
    // A whole-number column with a handful of values (a 1–4 rating, a 0/1 flag) reads as categories too, but
    // stays numeric: the user can switch it, and the order is kept either way.
    const problems: string[] = [];
    if (filled === 0) problems.push(`${name} is empty in every row`);
    else if (distinct === 1 && !t.capped) problems.push(`${name} has the same value (${t.sample[0] ?? ''}) in every filled row: it cannot tell rows apart`);
    const mixed = t.numbers > 0 && t.numbers < filled && t.booleans < filled && t.dates < filled;
    if (mixed) problems.push(`${name} mixes numbers (${t.numbers} rows) with text (${filled - t.numbers} rows, e.g. "${[...t.values.keys()].find((v) => !NUMBER_RE.test(v)) ?? ''}")`);
    if (kind === 'text' && filled > 0 && !mixed) problems.push(`${name} has ${t.capped ? `more than ${distinctCap}` : distinct} different values: too many for a category (at most ${maxLevels}); exclude it or group its values`);
    const looksLikeId = t.missing === 0 && !t.capped && distinct === rows && rows > 1 && kind !== 'numeric';
    const ranked = [...t.values.entries()].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
    const topValues = ranked.slice(0, 10).map(([value, count]) => ({ value, count }));
    const levels = !t.capped && distinct <= maxLevels ? ranked.map(([value]) => value) : null;
    return {
      name,
      kind,
      rows,
      missing: t.missing,
      missingShare: t.missing / rows,
      distinct,
      distinctCapped: t.capped,
      topValues,
      levels,
      sample: t.sample,
      min: t.numbers > 0 ? t.min : null,
      max: t.numbers > 0 ? t.max : null,
      looksLikeId,
      problems,
    };
  });
  return { rows, columns };
}

/** The user's decision about one inferred column. */
export interface TColumnChoice {
  name: string;
  role: 'input' | 'protected' | 'exclude' | 'target';
  kind: Exclude<TInferredKind, 'text'>;
  /** Label in words (default: the column name). */
  label?: string;
  riskDirection?: 'increases' | 'decreases';
}

export interface TSpecFromColumns {
  spec: TFeatureSpec;
  target: { column: string; positive: string; positives: number; negatives: number };
}

/**
 * A feature spec from the inferred columns and the user's choices: inputs and protected attributes become
 * features (categories from the values seen), excluded columns are dropped, and the target must be one column
 * with exactly two values, `positive` being the "bad" one. Each refusal names the column.
 */
export function specFromColumns({ name, inference, choices, positive }: { name: string; inference: TColumnInference; choices: readonly TColumnChoice[]; positive: string }): TSpecFromColumns {
  const byName = new Map(inference.columns.map((c) => [c.name, c]));
  for (const choice of choices) if (!byName.has(choice.name)) throw new AppError({ code: 'BAD_INPUT', message: `Column "${choice.name}" is not in the file` });
  const targets = choices.filter((c) => c.role === 'target');
  if (targets.length !== 1) throw new AppError({ code: 'BAD_INPUT', message: targets.length === 0 ? 'Mark one column as the target (the outcome to predict)' : `Only one column can be the target (marked: ${targets.map((t) => t.name).join(', ')})` });
  const targetChoice = targets[0];
  const target = targetChoice ? byName.get(targetChoice.name) : undefined;
  if (!targetChoice || !target) throw new AppError({ code: 'BAD_INPUT', message: 'Mark one column as the target (the outcome to predict)' });
  if (target.missing > 0) throw new AppError({ code: 'BAD_INPUT', message: `Target ${target.name} is empty in ${target.missing} rows: every row needs an outcome` });
  if (target.distinct !== 2 || target.distinctCapped) {
    throw new AppError({ code: 'BAD_INPUT', message: target.distinct < 2 ? `Target ${target.name} has one class only (${target.topValues[0]?.value ?? ''}): a model needs both outcomes` : `Target ${target.name} has ${target.distinctCapped ? 'many' : target.distinct} values: it must have exactly two (good and bad)` });
  }
  const positiveCount = target.topValues.find((v) => v.value === positive)?.count;
  if (positiveCount === undefined) throw new AppError({ code: 'BAD_INPUT', message: `"${positive}" is not a value of ${target.name} (values: ${target.topValues.map((v) => v.value).join(', ')})` });
  const features: TFeature[] = [];
  for (const choice of choices) {
    if (choice.role === 'exclude' || choice.role === 'target') continue;
    const column = byName.get(choice.name);
    if (!column) continue;
    const label = choice.label ?? choice.name;
    const common = { key: choice.name, label, protected: choice.role === 'protected', missing: column.missing > 0 ? ('allow' as const) : ('refuse' as const) };
    if (column.missing === column.rows) throw new AppError({ code: 'BAD_INPUT', message: `${choice.name} is empty in every row: exclude it` });
    if (column.distinct === 1 && !column.distinctCapped && choice.role === 'input') throw new AppError({ code: 'BAD_INPUT', message: `${choice.name} has the same value in every row: exclude it` });
    if (choice.kind === 'numeric' || choice.kind === 'integer') {
      if (column.kind !== 'numeric' && column.kind !== 'integer') throw new AppError({ code: 'BAD_INPUT', message: `${choice.name} cannot be a number: ${column.problems[0] ?? `it holds values such as "${column.sample.find((s) => !NUMBER_RE.test(s)) ?? column.sample[0] ?? ''}"`}` });
      if (choice.kind === 'integer' && column.kind !== 'integer') throw new AppError({ code: 'BAD_INPUT', message: `${choice.name} cannot be a whole number: it has decimals` });
      features.push({ ...common, kind: 'numeric', integer: choice.kind === 'integer', riskDirection: choice.riskDirection });
    } else if (choice.kind === 'categorical') {
      if (!column.levels) throw new AppError({ code: 'BAD_INPUT', message: `${choice.name} has ${column.distinctCapped ? 'more than 1000' : column.distinct} different values: too many for a category; exclude it or group its values` });
      const values = column.levels;
      features.push({ ...common, kind: 'categorical', values, labels: Object.fromEntries(values.map((v) => [v, v])) });
    } else if (choice.kind === 'boolean') {
      if (column.kind !== 'boolean') throw new AppError({ code: 'BAD_INPUT', message: `${choice.name} cannot be yes/no: it holds values such as "${column.sample[0] ?? ''}"` });
      features.push({ ...common, kind: 'boolean', labels: { true: 'yes', false: 'no' } });
    } else {
      if (column.kind !== 'date') throw new AppError({ code: 'BAD_INPUT', message: `${choice.name} cannot be a date: it holds values such as "${column.sample[0] ?? ''}"` });
      features.push({ ...common, kind: 'date' });
    }
  }
  if (!features.some((f) => !f.protected)) throw new AppError({ code: 'BAD_INPUT', message: 'Choose at least one input column' });
  return { spec: { name, features }, target: { column: target.name, positive, positives: positiveCount, negatives: target.rows - positiveCount } };
}
