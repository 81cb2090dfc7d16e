/**
 * The risk app's three credit model lines on German Credit, trained exactly as the seed registers them (same
 * decoded attributes, same 5-fold stratified folds, seed 7, Platt calibration, cost-optimal threshold on the
 * German cost matrix): the WoE logistic scorecard, the MLP challenger and the gradient-boosted trees challenger
 * — with and without the codebook's monotone constraints, so the price of the constraints is on the page.
 * Prints per-fold AUC, the mean with its 95% CI across folds, Brier, KS and expected cost at the threshold.
 *
 *   npx tsx tools/compare-credit-models.ts [--seed 7]
 */
import { parseArgs } from 'node:util';
import { readGermanCredit, trainChallengerWithCv, trainGbdtChallengerWithCv, trainScorecardWithCv } from '@platform/finance';

const { values: args } = parseArgs({ options: { seed: { type: 'string', default: '7' } } });
const seed = Number(args.seed);
if (!Number.isInteger(seed)) {
  console.error('--seed takes an integer');
  process.exit(2);
}

const data = readGermanCredit();
const labels = data.outcomes.map((o) => (o === 'bad' ? 1 : 0));
console.log(`German Credit: ${data.rows.length} applications, ${labels.filter((y) => y === 1).length} bad; 5-fold stratified CV, seed ${seed}\n`);

interface TCv {
  foldAuc: number[];
  auc: { mean: number; lower: number; upper: number };
  brier: number;
  ks: number;
  threshold: number;
  expectedCostPerApplicant: number;
}
const lines: { name: string; cv: TCv; seconds: number }[] = [];
async function run(name: string, train: () => Promise<{ cv: TCv }> | { cv: TCv }) {
  const started = performance.now();
  const { cv } = await train();
  const seconds = (performance.now() - started) / 1000;
  lines.push({ name, cv, seconds });
  console.log(`${name}\n  per-fold AUC: ${cv.foldAuc.map((v) => v.toFixed(4)).join('  ')}`);
  console.log(`  mean AUC ${cv.auc.mean.toFixed(4)} (95% CI ${cv.auc.lower.toFixed(4)}–${cv.auc.upper.toFixed(4)}), Brier ${cv.brier.toFixed(4)}, KS ${cv.ks.toFixed(4)}, decline at PD ≥ ${cv.threshold.toFixed(4)}, cost ${cv.expectedCostPerApplicant.toFixed(4)} per applicant  [${seconds.toFixed(1)} s]\n`);
}

await run('credit-scorecard (WoE logistic)', () => trainScorecardWithCv({ rows: data.rows, labels, seed }));
await run('credit-mlp (MLP challenger)', () => trainChallengerWithCv({ rows: data.rows, labels, seed }));
await run('credit-gbdt (trees, monotone in duration, amount, instalment rate)', () => trainGbdtChallengerWithCv({ rows: data.rows, labels, seed }));
await run('credit-gbdt without monotone constraints', () => trainGbdtChallengerWithCv({ rows: data.rows, labels, seed, monotone: false }));

console.log('| model | CV AUC (95% CI) | Brier | KS | cost per applicant | s |');
console.log('|---|---|---|---|---|---|');
for (const l of lines) console.log(`| ${l.name} | ${l.cv.auc.mean.toFixed(4)} (${l.cv.auc.lower.toFixed(4)}–${l.cv.auc.upper.toFixed(4)}) | ${l.cv.brier.toFixed(4)} | ${l.cv.ks.toFixed(4)} | ${l.cv.expectedCostPerApplicant.toFixed(4)} | ${l.seconds.toFixed(1)} |`);
