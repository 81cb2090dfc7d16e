import { createHash, randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase } from '@platform/db/testing';
import type { Db } from '@platform/db';
import { AppError } from '@platform/util';
import {
  clearChampion,
  getChampionVersionId,
  compareVersions,
  finishTrainingRun,
  getArtifact,
  getChampion,
  getModelVersion,
  getTrainingRun,
  listModelVersions,
  registerModelVersion,
  setChampion,
  startTrainingRun,
} from './index';
import type { TModelCardInput, TRegisterModelVersionInput } from './schemas';

let db: Db;
let drop: () => Promise<void>;

beforeAll(async () => {
  ({ db, drop } = await createTestDatabase());
});
afterAll(async () => {
  await drop();
});

const card: TModelCardInput = {
  intendedUse: 'Rank applications for manual review.',
  outOfScopeUse: ['Fully automated decisions.'],
  trainingData: { description: 'Synthetic rows.', rows: 100 },
  limitations: ['Small sample.'],
  ethicalConsiderations: ['Check group metrics before use.'],
};
const fp = (s: string) => createHash('sha256').update(s).digest('hex');
const bytes = (s: string) => new TextEncoder().encode(s);

function registration(name: string, overrides: Partial<TRegisterModelVersionInput> = {}): TRegisterModelVersionInput {
  return {
    model: { name, domain: 'test', task: 'binary-classification', description: 'A test model.' },
    version: { dataFingerprint: fp('data-1'), codeVersion: 'git:test', backend: 'wasm', hyperparameters: { l2: 0.001, hidden: [8, 4] } },
    metrics: [
      { name: 'auc', value: 0.79, split: 'test' },
      { name: 'auc', value: 0.74, slice: 'age<25', split: 'test' },
    ],
    artifacts: [{ kind: 'onnx', mediaType: 'application/onnx', content: bytes('onnx-bytes-v1') }],
    card,
    ...overrides,
  };
}

async function counts() {
  const [models, versions, metrics, artifacts, aliases] = await Promise.all([db.model.count(), db.modelVersion.count(), db.metric.count(), db.artifact.count(), db.modelAlias.count()]);
  return { models, versions, metrics, artifacts, aliases };
}

describe('model registry', () => {
  it('registers versions with metrics, hashed artifacts, a card and a champion', async () => {
    const run = await startTrainingRun({ db, run: { modelName: 'reg-a', backend: 'wasm', seed: 7, dataFingerprint: fp('data-1'), hyperparameters: { l2: 0.001 } } });
    await finishTrainingRun({ db, runId: run.id, outcome: { status: 'succeeded', history: [{ epoch: 0, loss: 0.6 }], wallTimeMs: 1234 } });
    const v1 = await registerModelVersion({ db, ...registration('reg-a'), trainingRunId: run.id, setChampion: true });
    expect(v1.version).toBe(1);
    const content2 = bytes('onnx-bytes-v2, a little longer');
    const v2 = await registerModelVersion({
      db,
      ...registration('reg-a', {
        version: { dataFingerprint: fp('data-2'), codeVersion: 'git:test2', backend: 'wasm', hyperparameters: {}, parentVersionId: v1.versionId },
        metrics: [{ name: 'auc', value: 0.81 }, { name: 'brier', value: 0.16 }],
        artifacts: [{ kind: 'onnx', mediaType: 'application/onnx', content: content2 }],
      }),
    });
    expect(v2.version).toBe(2);

    const stored = await getModelVersion({ db, versionId: v1.versionId });
    expect(stored.model.name).toBe('reg-a');
    expect(stored.codeVersion).toBe('git:test');
    expect(stored.metrics).toEqual([
      { name: 'auc', value: 0.74, slice: 'age<25', split: 'test' },
      { name: 'auc', value: 0.79, slice: 'all', split: 'test' },
    ]);
    expect(stored.artifacts).toHaveLength(1);
    expect(stored.artifacts[0]?.sha256).toBe(createHash('sha256').update('onnx-bytes-v1').digest('hex'));
    expect(stored.artifacts[0]?.sizeBytes).toBe(13);
    expect(stored.trainingRuns).toEqual([{ id: run.id, status: 'succeeded' }]);
    const storedRun = await getTrainingRun({ db, runId: run.id });
    expect(storedRun).toMatchObject({ versionId: v1.versionId, seed: 7, wallTimeMs: 1234, backend: 'wasm' });
    expect(storedRun.metrics.map((m) => m.value).sort()).toEqual([0.74, 0.79]);

    const artifact = await getArtifact({ db, versionId: v2.versionId, kind: 'onnx' });
    expect(Buffer.from(artifact.content).equals(Buffer.from(content2))).toBe(true);
    expect(artifact.sha256).toBe(createHash('sha256').update(content2).digest('hex'));

    // The card carries the lineage and the metrics by slice.
    const storedCard = stored.card as { model: { version: number }; trainingData: { fingerprint: string }; evaluation: { bySlice: { metrics: string[]; rows: unknown[] } } };
    expect(storedCard.model.version).toBe(1);
    expect(storedCard.trainingData.fingerprint).toBe(fp('data-1'));
    expect(storedCard.evaluation.bySlice).toEqual({ metrics: ['auc'], rows: [{ slice: 'age<25', split: 'test', values: [0.74] }] });
    expect((await getModelVersion({ db, versionId: v2.versionId })).parentVersionId).toBe(v1.versionId);

    expect((await getChampion({ db, modelName: 'reg-a' })).id).toBe(v1.versionId);
    const changed = await setChampion({ db, modelName: 'reg-a', versionId: v2.versionId });
    expect(changed.previousVersionId).toBe(v1.versionId);
    expect((await getChampion({ db, modelName: 'reg-a' })).id).toBe(v2.versionId);

    const list = await listModelVersions({ db, modelName: 'reg-a' });
    expect(list.map((v) => [v.version, v.champion])).toEqual([[2, true], [1, false]]);

    const cmp = await compareVersions({ db, a: v1.versionId, b: v2.versionId });
    expect(cmp.rows.map((r) => [r.name, r.slice, r.a, r.b])).toEqual([
      ['auc', 'age<25', 0.74, null],
      ['auc', 'all', 0.79, 0.81],
      ['brier', 'all', null, 0.16],
    ]);
    expect(cmp.rows[1]?.delta).toBeCloseTo(0.02, 12);
    expect(cmp.rows[0]?.delta).toBeNull();
  });

  it('rejects invalid input naming the fields, and stores nothing', async () => {
    const before = await counts();
    const bad = registerModelVersion({
      db,
      ...registration('reg-bad', {
        version: { dataFingerprint: 'not-a-hash', backend: 'wasm', hyperparameters: {} },
        metrics: [{ name: 'auc', value: Number.NaN }],
        artifacts: [{ kind: 'onnx', mediaType: 'application/onnx', content: new Uint8Array(0) }],
      }),
    });
    await expect(bad).rejects.toBeInstanceOf(AppError);
    const error = await bad.catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'BAD_INPUT' });
    const message = error instanceof Error ? error.message : '';
    expect(message).toMatch(/version\.dataFingerprint: must be a sha256/);
    expect(message).toMatch(/metrics\.0\.value: must be a finite number/);
    expect(message).toMatch(/artifacts\.0\.content: must not be empty/);
    await expect(registerModelVersion({ db, ...registration('reg-bad', { metrics: [{ name: 'x', value: 1 }, { name: 'x', value: 2, slice: 'all' }] }) })).rejects.toThrow(
      /metrics\.1: duplicate metric name\/slice\/split x\/all\/test \(also at index 0\)/,
    );
    await expect(registerModelVersion({ db, ...registration('reg-bad', { card: { ...card, limitations: [] } }) })).rejects.toThrow(/card\.limitations: name at least one limitation/);
    // Fails inside the transaction, after the model row was written: rolled back too.
    await expect(registerModelVersion({ db, ...registration('reg-bad', { version: { dataFingerprint: fp('d'), backend: 'wasm', hyperparameters: {}, parentVersionId: randomUUID() } }) })).rejects.toThrow(/parentVersionId: no version/);
    expect(await counts()).toEqual(before);
  });

  it('joins the caller transaction: a rollback there removes the registration', async () => {
    const before = await counts();
    await expect(
      db.$transaction(async (tx) => {
        await registerModelVersion({ db: tx, ...registration('reg-tx'), setChampion: true });
        throw new Error('audit failed');
      }),
    ).rejects.toThrow('audit failed');
    expect(await counts()).toEqual(before);

    const { versionId } = await db.$transaction(async (tx) => {
      const registered = await registerModelVersion({ db: tx, ...registration('reg-tx') });
      await setChampion({ db: tx, modelName: 'reg-tx', versionId: registered.versionId });
      await tx.auditLog.create({ data: { app: 'test', action: 'model.champion', target: 'model_version', targetId: registered.versionId, outcome: 'success' } });
      return registered;
    });
    expect((await getChampion({ db, modelName: 'reg-tx' })).id).toBe(versionId);
    expect(await db.auditLog.count({ where: { targetId: versionId } })).toBe(1);
  });

  it('answers the champion version id alone, following setChampion', async () => {
    expect(await getChampionVersionId({ db, modelName: 'reg-champ-id' })).toBeNull();
    const v1 = await registerModelVersion({ db, ...registration('reg-champ-id'), setChampion: true });
    const v2 = await registerModelVersion({ db, ...registration('reg-champ-id') });
    expect(await getChampionVersionId({ db, modelName: 'reg-champ-id' })).toBe(v1.versionId);
    await setChampion({ db, modelName: 'reg-champ-id', versionId: v2.versionId });
    expect(await getChampionVersionId({ db, modelName: 'reg-champ-id' })).toBe(v2.versionId);
    expect(await clearChampion({ db, modelName: 'reg-champ-id' })).toEqual({ modelName: 'reg-champ-id', previousVersionId: v2.versionId });
    expect(await getChampionVersionId({ db, modelName: 'reg-champ-id' })).toBeNull();
    await expect(clearChampion({ db, modelName: 'reg-champ-id' })).rejects.toThrow(/has no champion to withdraw/);
    expect(await db.modelVersion.count({ where: { model: { name: 'reg-champ-id' } } })).toBe(2);
  });

  it('numbers concurrent registrations 1..n without gaps or duplicates', async () => {
    const results = await Promise.all(Array.from({ length: 5 }, () => registerModelVersion({ db, ...registration('reg-concurrent') })));
    expect(results.map((r) => r.version).sort()).toEqual([1, 2, 3, 4, 5]);
  });

  it('refuses to serve an artifact whose bytes no longer match its sha256', async () => {
    const { versionId } = await registerModelVersion({ db, ...registration('reg-tamper') });
    await db.$executeRaw`UPDATE "artifact" SET content = ${Buffer.from('onnx-bytes-v2')} WHERE "versionId" = ${versionId}`;
    await expect(getArtifact({ db, versionId, kind: 'onnx' })).rejects.toThrow(/failed its integrity check/);
    await expect(getArtifact({ db, versionId, kind: 'weights' })).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('finishes a training run once and reports missing models', async () => {
    const run = await startTrainingRun({ db, run: { modelName: 'reg-run', backend: 'cpu', seed: 1, dataFingerprint: fp('r'), hyperparameters: {} } });
    await finishTrainingRun({ db, runId: run.id, outcome: { status: 'failed', history: { error: 'boom' } } });
    await expect(finishTrainingRun({ db, runId: run.id, outcome: { status: 'succeeded' } })).rejects.toMatchObject({ code: 'CONFLICT' });
    const stored = await getTrainingRun({ db, runId: run.id });
    expect(stored.status).toBe('failed');
    expect(stored.wallTimeMs).toBeGreaterThanOrEqual(0);
    await expect(getChampion({ db, modelName: 'no-such-model' })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(registerModelVersion({ db, ...registration('reg-a', { model: { name: 'reg-a', domain: 'test', task: 'regression', description: 'x' } }) })).rejects.toMatchObject({ code: 'CONFLICT' });
  });
});
