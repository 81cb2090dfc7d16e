import type { ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as ort from 'onnxruntime-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startWorkerProcess, waitFor } from '@platform/jobs/testing';
import { createTestDatabase } from '@platform/db/testing';
import type { Db } from '@platform/db';
import { enqueueJob, getJob, startBoss, type PgBoss } from '@platform/jobs';
import { getArtifact, getChampion, getModelVersion } from './index';
import { SYNTHETIC_MODEL_NAME, syntheticTrainingJob } from './testing/synthetic-training-job';

const here = path.dirname(fileURLToPath(import.meta.url));

let db: Db;
let url: string;
let drop: () => Promise<void>;
let boss: PgBoss;
const children: ChildProcess[] = [];

const startWorker = async () => {
  const child = await startWorkerProcess({ script: path.join(here, 'testing/training-worker.ts'), databaseUrl: url });
  children.push(child);
  return child;
};

beforeAll(async () => {
  ({ db, url, drop } = await createTestDatabase());
  boss = await startBoss({ url, supervise: false });
});

afterAll(async () => {
  for (const c of children) c.kill('SIGKILL');
  await boss.stop({ graceful: false, wait: true });
  await drop();
});

describe('training as a background job', () => {
  it('a worker killed mid-training registers nothing; the retry registers exactly one verified version', async () => {
    const first = await startWorker();
    const run = await enqueueJob({ db, boss, definition: syntheticTrainingJob, app: 'strategy', title: 'train', payload: { rows: 1200, epochs: 10, seed: 3 }, createdById: null });
    await waitFor({ read: () => getJob({ db, id: run.id }), done: (j) => j.progress >= 0.2, timeoutMs: 60_000 });
    first.kill('SIGKILL');
    const killedAt = await getJob({ db, id: run.id });
    expect(killedAt.status).toBe('running');
    expect(killedAt.progress).toBeLessThan(0.9);
    expect(await db.modelVersion.count()).toBe(0);
    expect(await db.trainingRun.findMany({ select: { status: true } })).toEqual([{ status: 'running' }]);

    await startWorker();
    const finished = await waitFor({ read: () => getJob({ db, id: run.id }), done: (j) => j.status === 'succeeded' || j.status === 'failed', timeoutMs: 90_000 });
    expect(finished.status).toBe('succeeded');
    expect(finished.attempts).toBe(2);

    const versions = await db.modelVersion.findMany({ select: { id: true, version: true } });
    expect(versions).toHaveLength(1);
    const runs = await db.trainingRun.findMany({ select: { id: true, status: true, versionId: true, seed: true, backend: true, wallTimeMs: true }, orderBy: { startedAt: 'asc' } });
    expect(runs.map((r) => r.status)).toEqual(['failed', 'succeeded']);
    const succeeded = runs[1];
    expect(succeeded?.versionId).toBe(versions[0]?.id);
    expect(succeeded?.seed).toBe(3);
    expect(succeeded?.wallTimeMs).toBeGreaterThan(0);
    expect(finished.result).toMatchObject({ modelName: SYNTHETIC_MODEL_NAME, versionId: versions[0]?.id, trainingRunId: succeeded?.id });

    const champion = await getChampion({ db, modelName: SYNTHETIC_MODEL_NAME });
    const version = await getModelVersion({ db, versionId: champion.id });
    expect(version.version).toBe(1);
    expect(version.backend).toBe(succeeded?.backend);
    const auc = version.metrics.find((m) => m.name === 'auc')?.value ?? 0;
    expect(auc).toBeGreaterThan(0.75); // the synthetic data's true model separates well; a broken fit would not

    // Artifacts: the stored hash matches an independent sha256, and the ONNX model runs in onnxruntime.
    const onnx = await getArtifact({ db, versionId: version.id, kind: 'onnx' });
    expect(onnx.sha256).toBe(createHash('sha256').update(onnx.content).digest('hex'));
    const raw = await db.artifact.findMany({ select: { sha256: true, content: true } });
    for (const a of raw) expect(createHash('sha256').update(a.content).digest('hex')).toBe(a.sha256);
    const session = await ort.InferenceSession.create(onnx.content);
    const inputName = session.inputNames[0] ?? 'input';
    const out = await session.run({ [inputName]: new ort.Tensor('float32', new Float32Array(8), [1, 8]) });
    const p = Object.values(out)[0]?.data[0];
    expect(typeof p === 'number' && p > 0 && p < 1).toBe(true);
  }, 180_000);
});
