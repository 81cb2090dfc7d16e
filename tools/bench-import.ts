/**
 * Shared model-operations import benchmark: a seeded synthetic 30,000-row × 24-column credit file (12 numeric,
 * 9 categorical, 3 yes/no columns) validated against its feature spec by model-ops' streamed `validateCsv`
 * (every cell decoded and checked by its zod schema, row hashes, preview), then the gradient-boosted trees
 * fitted on the validated rows — the same path a bring-your-own portfolio takes from file to model. Figures
 * only, no assertions; the machine is shared, so read them as indicative (load average printed).
 *
 *   npx tsx tools/bench-import.ts [--rows 30000] [--trees 300]
 */
import os from 'node:os';
import { parseArgs } from 'node:util';
import { createRng } from '@platform/ml-core/data';
import { fitGbdt } from '@platform/ml-core/gbdt';
import { validateCsv } from '@platform/model-ops';
import type { TFeature, TFeatureSpec } from '@platform/model-ops/spec';

const { values: args } = parseArgs({ options: { rows: { type: 'string', default: '30000' }, trees: { type: 'string', default: '300' } } });
const ROWS = Number(args.rows);
const TREES = Number(args.trees);
if (![ROWS, TREES].every((v) => Number.isInteger(v) && v > 0)) {
  console.error('--rows and --trees take positive integers');
  process.exit(2);
}

const letters = (n: number) => Array.from({ length: n }, (_, i) => `level_${String.fromCharCode(97 + i)}`);
const features: TFeature[] = [
  ...Array.from({ length: 12 }, (_, i): TFeature => ({ key: `num${i}`, label: `Numeric ${i}`, kind: 'numeric', min: -1000, max: 1000, integer: i % 3 === 0 })),
  ...Array.from({ length: 9 }, (_, i): TFeature => {
    const values = letters(3 + i);
    return { key: `cat${i}`, label: `Category ${i}`, kind: 'categorical', values, labels: Object.fromEntries(values.map((v) => [v, v.replace('_', ' ')])) };
  }),
  ...Array.from({ length: 3 }, (_, i): TFeature => ({ key: `flag${i}`, label: `Flag ${i}`, kind: 'boolean', labels: { true: 'yes', false: 'no' } })),
];
const spec: TFeatureSpec = { name: 'bench portfolio', features };

const rng = createRng({ seed: 11 });
const lines = [features.map((f) => f.key).join(',')];
const labels: number[] = [];
for (let r = 0; r < ROWS; r++) {
  let z = -1;
  const cells = features.map((f, j) => {
    if (f.kind === 'numeric') {
      const v = f.integer ? Math.round(rng.next() * 200 - 100) : Math.round((rng.next() * 200 - 100) * 100) / 100;
      z += (j % 4 === 0 ? 0.02 : -0.005) * v;
      return String(v);
    }
    if (f.kind === 'categorical') {
      const k = Math.floor(rng.next() * f.values.length);
      z += (k % 2 === 0 ? 0.3 : -0.2) * (j % 3);
      return f.values[k] ?? '';
    }
    const yes = rng.next() < 0.4;
    z += yes ? 0.5 : 0;
    return yes ? 'yes' : 'no';
  });
  labels.push(rng.next() < 1 / (1 + Math.exp(-z)) ? 1 : 0);
  lines.push(cells.join(','));
}
const text = `${lines.join('\n')}\n`;
const bytes = Buffer.byteLength(text);
console.log(`file: ${ROWS} rows × ${features.length} columns, ${(bytes / 1e6).toFixed(1)} MB; ${os.availableParallelism()} cores, load average ${os.loadavg()[0]?.toFixed(2)}`);

// Warm-up on a slice (JIT, zod schema construction), then the timed run on the whole file.
await validateCsv({ spec, source: lines.slice(0, 2001).join('\n') });
const started = performance.now();
const v = await validateCsv<Record<string, string | number | boolean>>({ spec, source: Buffer.from(text) });
const seconds = (performance.now() - started) / 1000;
if (v.errorCount > 0) throw new Error(`bench file did not validate: ${JSON.stringify(v.errors.slice(0, 3))}`);
console.log(`import validation (model-ops validateCsv, streamed): ${v.rows.length} rows in ${seconds.toFixed(2)} s = ${Math.round(v.rows.length / seconds).toLocaleString('en-GB')} rows/s, ${(bytes / 1e6 / seconds).toFixed(1)} MB/s`);

// Training on the validated rows: categories as codes (native categorical splits), booleans as 0/1.
const rows = v.rows.map(({ row }) =>
  features.map((f) => {
    const value = row[f.key];
    if (f.kind === 'categorical') return f.values.indexOf(String(value));
    if (f.kind === 'boolean') return value === true ? 1 : 0;
    return Number(value);
  }),
);
const categorical = features.flatMap((f, i) => (f.kind === 'categorical' ? [i] : []));
const fitStarted = performance.now();
const { model, record } = await fitGbdt({ rows, labels, params: { objective: { kind: 'binary' }, numTrees: TREES, maxLeaves: 31, learningRate: 0.05, seed: 1 }, categorical });
const fitSeconds = (performance.now() - fitStarted) / 1000;
console.log(`training (GBDT ${model.trees.length} trees, 31 leaves, on the imported rows): wall ${fitSeconds.toFixed(2)} s, ${(record.wallTimeMs / Math.max(1, model.trees.length)).toFixed(1)} ms per tree`);
console.log(`load average after: ${os.loadavg()[0]?.toFixed(2)}`);
