/**
 * German Credit: 5-fold stratified CV ROC AUC of logistic regression and an MLP (ml-core models, trained with
 * ml-core's trainModel on the best backend), standardised per fold on the training part only, and of
 * ml-core's gradient-boosted trees on the same folds. Prints per-fold AUC, mean and 95% CI. `--register`
 * refits the better of logistic and MLP on all rows and registers it (ONNX + scaler artifacts, model card) in
 * the registry at DATABASE_URL; the GBDT is reported here on the numeric attributes. The risk app's own three
 * lines (scorecard, MLP, GBDT on the decoded attributes, as served) are compared by tools/compare-credit-models.ts.
 *
 *   npx tsx tools/train-german-credit.ts [--seed 1] [--register] [--champion]
 */
import { parseArgs } from 'node:util';
import { createDb, readDbEnv } from '@platform/db';
import { initBackend } from '@platform/ml-core/backend';
import { finishTrainingRun, registerModelVersion, renderModelCardMarkdown, startTrainingRun, type TModelCard } from '@platform/registry';
import { CANDIDATES, crossValidateCandidate, crossValidateGbdtCandidate, GBDT_CANDIDATES, packageGermanCreditModel, readGermanCredit } from './lib/german-credit';

const { values: args } = parseArgs({
  options: { seed: { type: 'string', default: '1' }, register: { type: 'boolean', default: false }, champion: { type: 'boolean', default: false } },
});
const seed = Number(args.seed);
const GOAL = 0.79;

const backend = await initBackend();
const data = readGermanCredit();
const bad = data.labels.filter((l) => l === 1).length;
console.log(`German Credit: ${data.rows.length} rows × ${data.rows[0]?.length ?? 0} attributes, ${bad} bad; sha256 ${data.fingerprint.slice(0, 16)}…`);
console.log(`backend: ${backend.id}${backend.simd ? ' (SIMD)' : ''}; 5-fold stratified CV, seed ${seed}\n`);

const results = [];
for (const candidate of CANDIDATES) {
  const started = performance.now();
  const cv = await crossValidateCandidate({ data, candidate, seed });
  const auc = cv.metrics.auc;
  if (auc === undefined) throw new Error('no auc');
  const seconds = (performance.now() - started) / 1000;
  console.log(`${candidate.name.padEnd(8)} ${JSON.stringify(candidate.spec)} epochs ${candidate.epochs}, lr ${candidate.learningRate}`);
  console.log(`  per-fold AUC: ${auc.values.map((v) => v.toFixed(4)).join('  ')}`);
  console.log(`  mean AUC ${auc.mean.toFixed(4)}  (sd ${auc.std.toFixed(4)}, 95% CI ${auc.ci95[0].toFixed(4)}–${auc.ci95[1].toFixed(4)})  ${auc.mean >= GOAL ? `≥ ${GOAL} goal met` : `below the ${GOAL} goal`}  [${seconds.toFixed(1)} s]\n`);
  results.push({ candidate, cv, mean: auc.mean });
}
for (const gbdt of GBDT_CANDIDATES) {
  const started = performance.now();
  const cv = await crossValidateGbdtCandidate({ data, params: gbdt.params, seed });
  const auc = cv.metrics.auc;
  if (auc === undefined) throw new Error('no auc');
  const seconds = (performance.now() - started) / 1000;
  const { objective: _objective, seed: _seed, ...shown } = gbdt.params;
  console.log(`${gbdt.name.padEnd(8)} ${JSON.stringify(shown)} (ml-core gradient-boosted trees, raw attributes)`);
  console.log(`  per-fold AUC: ${auc.values.map((v) => v.toFixed(4)).join('  ')}`);
  console.log(`  mean AUC ${auc.mean.toFixed(4)}  (sd ${auc.std.toFixed(4)}, 95% CI ${auc.ci95[0].toFixed(4)}–${auc.ci95[1].toFixed(4)})  ${auc.mean >= GOAL ? `≥ ${GOAL} goal met` : `below the ${GOAL} goal`}  [${seconds.toFixed(1)} s]\n`);
}

const best = results.reduce((a, b) => (b.mean > a.mean ? b : a));
console.log(`better of logistic and MLP (the ones --register can package): ${best.candidate.name} (mean AUC ${best.mean.toFixed(4)})`);

if (args.register) {
  const url = readDbEnv().DATABASE_URL;
  if (!url) throw new Error('--register needs DATABASE_URL (the platform database)');
  const db = createDb({ url });
  try {
    const outcome = await packageGermanCreditModel({ data, candidate: best.candidate, cv: best.cv, seed, backend: backend.id, setChampion: args.champion });
    const { run, result: _result, ...registration } = outcome;
    // The final fit's run record and the version it produced commit together, or neither does.
    const registered = await db.$transaction(async (tx) => {
      const { id: trainingRunId } = await startTrainingRun({
        db: tx,
        run: { modelName: registration.model.name, backend: registration.version.backend, seed, dataFingerprint: registration.version.dataFingerprint, hyperparameters: registration.version.hyperparameters },
      });
      await finishTrainingRun({ db: tx, runId: trainingRunId, outcome: { status: 'succeeded', history: run.history, wallTimeMs: run.wallTimeMs } });
      return registerModelVersion({ db: tx, ...registration, trainingRunId });
    });
    console.log(`\nregistered ${registered.modelName} v${registered.version} (${registered.versionId})${registered.champion ? ' as champion' : ''}`);
    for (const a of registered.artifacts) console.log(`  artifact ${a.kind}: ${a.sizeBytes} bytes, sha256 ${a.sha256}`);
    const card: TModelCard = registered.card;
    console.log(`\n${renderModelCardMarkdown(card)}`);
  } finally {
    await db.$disconnect();
  }
}
