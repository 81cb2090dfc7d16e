import { describe, expect, it } from 'vitest';
import { createRng } from '../data/prng';
import { randomSearch, tpeSearch } from '../tuning/search';
import { fitGbdt } from './fit';
import { describeGbdtForModelCard } from './model-card';
import { createGbdtCvObjective, crossValidateGbdt, GBDT_SEARCH_SPACE } from './tuning';

const rng = createRng({ seed: 4 });
const rows = Array.from({ length: 300 }, () => [rng.normal(), rng.normal(), rng.int(4)]);
const labels = rows.map((r) => ((r[0] ?? 0) - (r[1] ?? 0) * 0.5 + (r[2] === 1 ? 1 : 0) + rng.normal() > 0 ? 1 : 0));

describe('GBDT in the tuning module', () => {
  it('cross-validates one setting with stratified folds: AUC and log-loss per fold', async () => {
    const cv = await crossValidateGbdt({ rows, labels, categorical: [2], params: { objective: { kind: 'binary' }, numTrees: 30, maxLeaves: 4 }, k: 3, seed: 1, threads: 1 });
    expect(cv.folds).toHaveLength(3);
    // Stratified: each test fold holds a third of the positives (± 1), counted here.
    const positives = labels.filter((l) => l === 1).length;
    for (const f of cv.folds) expect(Math.abs(f.testSize - rows.length / 3)).toBeLessThanOrEqual(1);
    expect(positives).toBeGreaterThan(50);
    const auc = cv.metrics.auc;
    expect(auc && auc.values.every((v) => v > 0.6 && v <= 1)).toBe(true);
    expect(cv.metrics.logloss?.mean).toBeGreaterThan(0);
  });

  it('gives random and TPE search an objective over its space; the best trial is the best CV mean', async () => {
    const { space, objective, direction, metric } = createGbdtCvObjective({ rows, labels, categorical: [2], base: { objective: { kind: 'binary' }, seed: 2 }, k: 3, seed: 1, threads: 1 });
    expect(metric).toBe('auc');
    expect(direction).toBe('maximize');
    const small = { ...space, numTrees: { type: 'int', low: 10, high: 40 } } as const;
    const random = await randomSearch({ space: small, objective, direction, budget: 3, seed: 1 });
    expect(random.best.value).toBe(Math.max(...random.trials.map((t) => t.value)));
    for (const t of random.trials) {
      expect(t.params.maxLeaves).toBeGreaterThanOrEqual(GBDT_SEARCH_SPACE.maxLeaves.low);
      expect(t.params.maxLeaves).toBeLessThanOrEqual(GBDT_SEARCH_SPACE.maxLeaves.high);
    }
    const tpe = await tpeSearch({ space: small, objective, direction, budget: 3, seed: 1, startupTrials: 2 });
    expect(tpe.trials).toHaveLength(3);
    // Regression objectives minimise their own held-out loss.
    const reg = createGbdtCvObjective({ rows, labels: rows.map((r) => r[0] ?? 0), base: { objective: { kind: 'l2' } }, k: 3, seed: 1, threads: 1 });
    expect([reg.metric, reg.direction]).toEqual(['loss', 'minimize']);
  });

  it('describes a fit for the registry and its model card: backend, JSON-safe hyper-parameters, importance, metrics', async () => {
    const { model, record } = await fitGbdt({ rows, labels, categorical: [2], featureNames: ['a', 'b', 'kind'], params: { objective: { kind: 'binary' }, numTrees: 20, maxLeaves: 6 }, threads: 1 });
    const info = describeGbdtForModelCard({ model, record, rows: rows.slice(0, 50) });
    expect(info.backend).toBe('typescript (worker_threads × 1)');
    expect(JSON.parse(JSON.stringify(info.hyperparameters))).toEqual(info.hyperparameters);
    expect(info.hyperparameters).toMatchObject({ objective: { kind: 'binary' }, numTrees: 20, maxLeaves: 6, treesKept: model.trees.length });
    const splitNodes = model.trees.flatMap((t) => t.nodes).filter((n) => n.kind !== 'leaf').length;
    expect(info.importance.reduce((s, f) => s + f.splits, 0)).toBe(splitNodes);
    expect(info.importance.map((f) => f.feature)).toEqual(['a', 'b', 'kind']);
    expect(info.importance.every((f) => f.meanAbsShap !== null)).toBe(true);
    expect(info.metrics.map((m) => m.name)).toEqual(['train_logloss', 'train_ms_per_tree_p50', 'train_wall_ms']);
  });
});
