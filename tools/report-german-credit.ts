/**
 * German Credit report: test AUC of a logistic model and an MLP, exact SHAP (logistic) and KernelSHAP (MLP) for
 * five test applicants, a k-anonymity release report, and a fairness report by age band and sex with the
 * equal-opportunity threshold mitigation.
 *
 *   npx tsx tools/report-german-credit.ts [--seed 7] [--backend wasm|cpu|tfjs-node] [--k 5]
 *
 * Data: $PLATFORM_DATA_DIR/german_credit/{german.data,german.data-numeric} (default ../shared/data). Model
 * features come from german.data-numeric (24 columns); the protected and quasi-identifying attributes from
 * german.data (same row order — checked below). Label: 1 = good (class 1), so a score is P(good) and
 * "selected" means approved.
 */
import { readFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import * as tf from '@tensorflow/tfjs';
import { initBackend } from '@platform/ml-core/backend';
import type { BackendId } from '@platform/ml-core/backend';
import { Standardiser, stratifiedSplit } from '@platform/ml-core/data';
import { rocAuc } from '@platform/ml-core/evaluation';
import { exactShapley, kernelShap } from '@platform/ml-core/explain';
import type { ShapleyExplanation } from '@platform/ml-core/explain';
import { equalOpportunityThresholds, fairnessReport } from '@platform/ml-core/fairness';
import type { FairnessReport } from '@platform/ml-core/fairness';
import { buildLogisticRegression, buildMlp } from '@platform/ml-core/models';
import { ageBands, anonymise, categoryRollup, checkKAnonymity } from '@platform/ml-core/privacy';
import type { DataRow } from '@platform/ml-core/privacy';
import { trainModel } from '@platform/ml-core/train';
// env.ts sits at ml-core's root (no subpath entry), as in tools/train-pneumonia.ts.
import { readMlCoreEnv } from '@platform/ml-core';

const { values: args } = parseArgs({ options: { seed: { type: 'string', default: '7' }, backend: { type: 'string' }, k: { type: 'string', default: '5' } } });
const seed = Number(args.seed);
const started = Date.now();
const kAnon = Number(args.k);

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const dataDir = join(readMlCoreEnv().PLATFORM_DATA_DIR ?? resolve(repoRoot, '../shared/data'), 'german_credit');

// Column meanings of german.data-numeric, established by matching every column against german.data's coded
// attributes (each is a function of exactly one of them); 4 is the credit amount in hundreds, rounded.
const FEATURES = [
  'checking_status', 'duration_months', 'credit_history', 'amount_hundreds', 'savings', 'employment_since',
  'personal_status_sex', 'residence_since', 'property', 'age', 'other_installment_plans', 'existing_credits',
  'people_liable', 'telephone', 'foreign_worker', 'purpose_new_car', 'purpose_used_car', 'debtors_none',
  'debtors_coapplicant', 'housing_rent', 'housing_own', 'job_unemployed_nonresident', 'job_unskilled_resident', 'job_skilled',
] as const;

interface Applicant {
  duration: number;
  amount: number;
  age: number;
  personalStatus: string;
  job: string;
  foreignWorker: string;
  good: 0 | 1;
}

async function readRows(file: string, fields: number): Promise<string[][]> {
  const path = join(dataDir, file);
  const text = await readFile(path, 'utf8').catch((error: unknown) => {
    throw new Error(`cannot read ${path} (set PLATFORM_DATA_DIR): ${error instanceof Error ? error.message : String(error)}`);
  });
  const rows = text.split('\n').map((l) => l.trim()).filter((l) => l.length > 0).map((l) => l.split(/\s+/));
  rows.forEach((r, i) => {
    if (r.length !== fields) throw new Error(`${file} line ${i + 1}: ${r.length} fields, expected ${fields}`);
  });
  return rows;
}

const coded = await readRows('german.data', 21);
const numericText = await readRows('german.data-numeric', 25);
if (coded.length !== numericText.length) throw new Error(`row counts differ: german.data ${coded.length}, german.data-numeric ${numericText.length}`);
const num = (s: string | undefined): number => {
  const v = Number(s);
  if (!Number.isFinite(v)) throw new Error(`not a number: ${String(s)}`);
  return v;
};
const applicants: Applicant[] = coded.map((r) => ({
  duration: num(r[1]),
  amount: num(r[4]),
  age: num(r[12]),
  personalStatus: r[8] ?? '',
  job: r[16] ?? '',
  foreignWorker: r[19] ?? '',
  good: r[20] === '1' ? 1 : 0,
}));
const numeric = numericText.map((r) => r.map(num));

// The two files only line up by row order: check duration, amount (hundreds, rounded), age and class agree on
// every row, and stop rather than join misaligned data.
const misaligned = applicants.flatMap((a, i) => {
  const n = numeric[i] ?? [];
  const ok = n[1] === a.duration && Math.abs((n[3] ?? NaN) - a.amount / 100) <= 0.5 + 1e-9 && n[9] === a.age && (n[24] === 1 ? 1 : 0) === a.good;
  return ok ? [] : [i + 1];
});
if (misaligned.length > 0) throw new Error(`german.data and german.data-numeric disagree on rows ${misaligned.slice(0, 10).join(', ')}${misaligned.length > 10 ? ', …' : ''}`);
console.log(`rows: ${applicants.length}, aligned (duration, amount/100, age, class agree on every row); good ${applicants.filter((a) => a.good === 1).length}, bad ${applicants.filter((a) => a.good === 0).length}`);

const backend = await initBackend({ backend: args.backend as BackendId | undefined });
console.log(`backend: ${backend.id}, seed: ${seed}`);

// ---- models -------------------------------------------------------------------------------------------------
const labels = applicants.map((a) => a.good);
const split = stratifiedSplit({ labels, fractions: { train: 0.7, val: 0, test: 0.3 }, seed });
const features = numeric.map((r) => r.slice(0, 24));
const scaler = Standardiser.fit({ rows: split.train.map((i) => features[i] ?? []) });
const trainX = scaler.transform({ rows: split.train.map((i) => features[i] ?? []) });
const testX = scaler.transform({ rows: split.test.map((i) => features[i] ?? []) });
const trainY = split.train.map((i) => labels[i] ?? 0);
const testY = split.test.map((i) => labels[i] ?? 0);

async function fit(model: tf.LayersModel, epochs: number): Promise<void> {
  const x = tf.tensor2d(trainX);
  const y = tf.tensor2d(trainY, [trainY.length, 1]);
  await trainModel({ model, data: { x, y }, loss: { kind: 'binaryCrossentropy' }, epochs, batchSize: 32, seed, optimizer: { kind: 'adam', learningRate: 1e-2 } });
  tf.dispose([x, y]);
}
// KernelSHAP sends ~10^5 rows per call: pack them into one Float32Array rather than nested arrays for tfjs.
const predictWith =
  (model: tf.LayersModel) =>
  (rows: number[][]): number[] => {
    const flat = new Float32Array(rows.length * 24);
    rows.forEach((r, i) => flat.set(r, i * 24));
    return tf.tidy(() => Array.from((model.predict(tf.tensor2d(flat, [rows.length, 24]), { batchSize: 8192 }) as tf.Tensor).dataSync()));
  };

const logistic = buildLogisticRegression({ inputDim: 24, l2: 1e-3, seed });
await fit(logistic, 60);
const mlp = buildMlp({ inputDim: 24, hidden: [16], dropout: 0.2, l2: 1e-3, seed });
await fit(mlp, 60);
const logisticScores = predictWith(logistic)(testX);
const mlpScores = predictWith(mlp)(testX);
console.log(`\n== test AUC (n=${testY.length}, split 70/30 stratified, seed ${seed})`);
console.log(`logistic regression: ${rocAuc({ labels: testY, scores: logisticScores }).toFixed(4)}`);
console.log(`MLP [16], dropout 0.2: ${rocAuc({ labels: testY, scores: mlpScores }).toFixed(4)}`);

// ---- SHAP ---------------------------------------------------------------------------------------------------
const background = trainX;
const explained = [0, 1, 2, 3, 4].map((k) => split.test[Math.floor((k * split.test.length) / 5)] ?? 0);
const [kernelWeights, kernelBias] = logistic.getWeights().map((w) => Array.from(w.dataSync()));
const w = kernelWeights ?? [];
const b = kernelBias?.[0] ?? 0;
const logitOf = (rows: number[][]): number[] => rows.map((r) => r.reduce((s, v, j) => s + v * (w[j] ?? 0), b));
const meanBackground = FEATURES.map((_, j) => background.reduce((s, r) => s + (r[j] ?? 0), 0) / background.length);
const top = (values: number[], k: number): string =>
  values
    .map((v, j) => ({ v, j }))
    .sort((p, q) => Math.abs(q.v) - Math.abs(p.v))
    .slice(0, k)
    .map(({ v, j }) => `${FEATURES[j] ?? j}=${v >= 0 ? '+' : ''}${v.toFixed(3)}`)
    .join(', ');

console.log('\n== exact SHAP, logistic model, log-odds of "good" (interventional, all 700 training rows as background)');
console.log('For a linear score the Shapley value is exactly w_j·(x_j − E[x_j]) (no enumeration needed); checked against');
console.log("ml-core's exactShapley on the 8 largest-|phi| features (others fixed at x) and against additivity.");
for (const row of explained) {
  const x = scaler.transform({ rows: [features[row] ?? []] })[0] ?? [];
  const phi = x.map((v, j) => (w[j] ?? 0) * (v - (meanBackground[j] ?? 0)));
  const fx = logitOf([x])[0] ?? NaN;
  const base = logitOf(background).reduce((s, v) => s + v, 0) / background.length;
  const additivity = Math.abs(phi.reduce((s, v) => s + v, 0) - (fx - base));
  // Independent check: brute-force enumeration (2^8 coalitions) over the 8 largest features, the other 16 held
  // at the applicant's own values in every background row — then the Shapley values of those 8 are exact too.
  const eight = phi.map((v, j) => ({ v, j })).sort((p, q) => Math.abs(q.v) - Math.abs(p.v)).slice(0, 8).map((p) => p.j);
  const sub = exactShapley({
    predict: (rows) => logitOf(rows.map((r) => x.map((v, j) => (eight.includes(j) ? (r[eight.indexOf(j)] ?? 0) : v)))),
    x: eight.map((j) => x[j] ?? 0),
    background: background.map((r) => eight.map((j) => r[j] ?? 0)),
    backgroundSize: background.length,
  });
  const enumErr = Math.max(...eight.map((j, k) => Math.abs((sub.values[k] ?? NaN) - (phi[j] ?? NaN))));
  const p = 1 / (1 + Math.exp(-fx));
  console.log(`applicant #${row + 1} (${applicants[row]?.good === 1 ? 'good' : 'bad'}): P(good)=${p.toFixed(3)}, logit ${fx.toFixed(3)} = base ${base.toFixed(3)} + sum(phi) | additivity err ${additivity.toExponential(2)} | max |closed form − enumeration| ${enumErr.toExponential(2)}`);
  console.log(`   top: ${top(phi, 5)}`);
}

console.log('\n== KernelSHAP, MLP, P(good) (background: 100 training rows, 2048 coalitions)');
const mlpPredict = predictWith(mlp);
const explanations: ShapleyExplanation[] = [];
for (const row of explained) {
  const x = scaler.transform({ rows: [features[row] ?? []] })[0] ?? [];
  const e = kernelShap({ predict: mlpPredict, x, background, backgroundSize: 100, nSamples: 2048, seed });
  // Rerun with another coalition sample: the spread says how much of each value is sampling noise.
  const again = kernelShap({ predict: mlpPredict, x, background, backgroundSize: 100, nSamples: 2048, seed: seed + 1000 });
  explanations.push(e);
  const additivity = Math.abs(e.values.reduce((s, v) => s + v, 0) - (e.prediction - e.baseValue));
  const spread = Math.max(...e.values.map((v, j) => Math.abs(v - (again.values[j] ?? NaN))));
  console.log(`applicant #${row + 1}: P(good)=${e.prediction.toFixed(3)}, base ${e.baseValue.toFixed(3)} | additivity err ${additivity.toExponential(2)} | max |phi(seed) − phi(seed')| ${spread.toExponential(2)}`);
  console.log(`   top: ${top(e.values, 5)}`);
}

// ---- k-anonymity --------------------------------------------------------------------------------------------
const STATUS: Record<string, string> = { A91: 'male divorced/separated', A92: 'female div/sep/married', A93: 'male single', A94: 'male married/widowed', A95: 'female single' };
const SEX: Record<string, string> = { A91: 'male', A92: 'female', A93: 'male', A94: 'male', A95: 'female' };
const JOB: Record<string, string> = { A171: 'unemployed/unskilled non-resident', A172: 'unskilled resident', A173: 'skilled', A174: 'management/self-employed' };
const rows: DataRow[] = applicants.map((a) => ({ age: a.age, personalStatusSex: a.personalStatus, foreignWorker: a.foreignWorker, job: a.job, good: a.good }));
const qi = ['age', 'personalStatusSex', 'foreignWorker', 'job'];
const raw = checkKAnonymity({ rows, quasiIdentifiers: qi, k: kAnon });
console.log(`\n== k-anonymity, k=${kAnon}, quasi-identifiers: age, personal status/sex, foreign worker, job (all ${rows.length} rows)`);
console.log(`raw data: ${raw.equivalenceClasses} classes, smallest ${raw.minClassSize}, ${raw.violatingClasses.length} classes below k`);
const release = anonymise({
  rows,
  k: kAnon,
  maxSuppression: 0.05,
  quasiIdentifiers: {
    age: ageBands(),
    personalStatusSex: categoryRollup({ levels: [SEX] }),
    foreignWorker: categoryRollup({ levels: [] }),
    job: categoryRollup({ levels: [{ A171: 'unskilled', A172: 'unskilled', A173: 'skilled', A174: 'skilled' }] }),
  },
});
for (const g of release.generalisation) console.log(`  ${g.column}: level ${g.level} (${g.description}), distinct ${g.distinctBefore} → ${g.distinctAfter}`);
console.log(`suppressed: ${release.suppressedRows.length} rows (${(100 * release.suppressedShare).toFixed(1)}%)`);
console.log(`release: ${release.check.equivalenceClasses} classes, smallest ${release.check.minClassSize}, k-anonymous: ${release.check.satisfied}`);
const recheck = checkKAnonymity({ rows: release.rows, quasiIdentifiers: qi, k: kAnon });
console.log(`independent re-check of released rows: satisfied=${recheck.satisfied}, min class ${recheck.minClassSize}`);
console.log(`(codes: ${Object.entries(STATUS).map(([c, t]) => `${c}=${t}`).join('; ')}; ${Object.entries(JOB).map(([c, t]) => `${c}=${t}`).join('; ')})`);

// ---- fairness -----------------------------------------------------------------------------------------------
const ageBand = (age: number): string => (age < 25 ? '<25' : age < 40 ? '25-39' : age < 60 ? '40-59' : '60+');
const testApplicants = split.test.map((i) => applicants[i]);
const sexGroups = testApplicants.map((a) => SEX[a?.personalStatus ?? ''] ?? 'unknown');
const ageGroups = testApplicants.map((a) => ageBand(a?.age ?? NaN));
const pct = (v: number): string => (Number.isFinite(v) ? v.toFixed(3) : 'n/a');

function printFairness(title: string, report: FairnessReport): void {
  console.log(title);
  console.log('  group      n   pos  sel.rate  TPR    FPR    AUC    acc');
  for (const g of report.groups) console.log(`  ${g.group.padEnd(8)} ${String(g.n).padStart(4)} ${String(g.positives).padStart(4)}  ${pct(g.selectionRate)}   ${pct(g.tpr)}  ${pct(g.fpr)}  ${pct(g.auc)}  ${pct(g.accuracy)}`);
  console.log(`  demographic parity diff ${pct(report.demographicParityDifference)}, equalized odds diff ${pct(report.equalizedOddsDifference)} (TPR gap ${pct(report.tprDifference)}, FPR gap ${pct(report.fprDifference)})`);
  console.log(`  disparate impact ratio ${pct(report.disparateImpactRatio)} vs ${report.referenceGroup} → four-fifths rule ${report.fourFifthsViolated ? 'VIOLATED' : 'met'}`);
}

for (const [name, scores] of [['logistic', logisticScores], ['MLP', mlpScores]] as const) {
  for (const [attr, groups] of [['age band', ageGroups], ['sex (from personal status A91–A95)', sexGroups]] as const) {
    const report = fairnessReport({ yTrue: testY, scores, groups, threshold: 0.5 });
    printFairness(`\n== fairness, ${name} model, by ${attr}, threshold 0.5 on P(good) (test set)`, report);
    // Equal opportunity target: the overall TPR at 0.5, so the mitigation equalises rather than moves the bar.
    const overallTpr = testY.filter((y, i) => y === 1 && (scores[i] ?? 0) >= 0.5).length / testY.filter((y) => y === 1).length;
    const eo = equalOpportunityThresholds({ yTrue: testY, scores, groups, targetTpr: overallTpr, baselineThreshold: 0.5 });
    console.log(`  equal-opportunity mitigation (target TPR ${overallTpr.toFixed(3)}): thresholds ${Object.entries(eo.thresholds).map(([g, t]) => `${g}=${t.toFixed(3)}`).join(', ')}`);
    console.log(`  TPR after: ${Object.entries(eo.achievedTpr).map(([g, t]) => `${g}=${t.toFixed(3)}`).join(', ')}; equalized odds diff ${pct(eo.before.equalizedOddsDifference)} → ${pct(eo.after.equalizedOddsDifference)}, DI ratio ${pct(eo.before.disparateImpactRatio)} → ${pct(eo.after.disparateImpactRatio)}`);
    console.log(`  accuracy ${eo.accuracyBefore.toFixed(4)} → ${eo.accuracyAfter.toFixed(4)} (cost ${eo.accuracyCost.toFixed(4)})`);
  }
}
console.log(`\nwall time ${((Date.now() - started) / 1000).toFixed(1)} s`);
