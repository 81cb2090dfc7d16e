import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase } from '@platform/db/testing';
import type { Db } from '@platform/db';
import { executeJob, getJob } from './service';
import { defineJob, type TJobBackend } from './types';

let db: Db;
let drop: () => Promise<void>;
beforeAll(async () => {
  ({ db, drop } = await createTestDatabase());
});
afterAll(async () => drop());

/** Spins the CPU for about `ms` of wall time: measurable CPU work, independent of the meter under test. */
function burn(ms: number): number {
  const until = Date.now() + ms;
  let x = 0;
  while (Date.now() < until) x = (x * 31 + 7) % 1_000_003;
  return x;
}

const cpuJob = ({ ms, backend, fail = false }: { ms: number; backend?: TJobBackend; fail?: boolean }) =>
  defineJob({
    kind: 'test.compute',
    parse: (p) => p,
    settings: { expireInSeconds: 60, retryLimit: 0, retryDelaySeconds: 1 },
    run: async () => {
      const x = burn(ms);
      if (fail) throw new Error('handler failed after working');
      return { result: { x }, backend };
    },
  });

const newRun = () => db.jobRun.create({ data: { kind: 'test.compute', app: 'risk', title: 't', payload: {} }, select: { id: true } });

describe('measured compute of job runs', () => {
  it('records CPU and wall seconds of a run on a CPU backend, and 0 GPU seconds', async () => {
    const { id } = await newRun();
    const before = process.cpuUsage();
    await executeJob({ db, definition: cpuJob({ ms: 300, backend: { id: 'wasm', gpu: false } }), jobRunId: id, retriesLeft: 0 });
    const spent = process.cpuUsage(before);
    const run = await getJob({ db, id });
    expect(run.status).toBe('succeeded');
    // The handler spun ~300 ms: at least a third of that shows as CPU time even on a shared machine.
    expect(run.cpuSeconds).toBeGreaterThan(0.1);
    // Never more than the test process itself spent around the call.
    expect(run.cpuSeconds).toBeLessThanOrEqual((spent.user + spent.system) / 1e6 + 1e-6);
    expect(run.wallSeconds).toBeGreaterThanOrEqual(0.29);
    expect(run.gpuSeconds).toBe(0);
    expect(run.computeBackend).toBe('wasm');
  });

  it('charges wall time as GPU seconds when the handler ran on a GPU backend', async () => {
    const { id } = await newRun();
    await executeJob({ db, definition: cpuJob({ ms: 100, backend: { id: 'tfjs-node-gpu', gpu: true } }), jobRunId: id, retriesLeft: 0 });
    const run = await getJob({ db, id });
    expect(run.gpuSeconds).toBeGreaterThan(0.09);
    expect(run.gpuSeconds).toBe(run.wallSeconds);
    expect(run.computeBackend).toBe('tfjs-node-gpu');
  });

  it('a failed run still records what it used, and a duplicate delivery adds nothing', async () => {
    const { id } = await newRun();
    await expect(executeJob({ db, definition: cpuJob({ ms: 150, fail: true }), jobRunId: id, retriesLeft: 0 })).rejects.toThrow('handler failed');
    const failed = await getJob({ db, id });
    expect(failed.status).toBe('failed');
    expect(failed.cpuSeconds).toBeGreaterThan(0.05);
    expect(failed.computeBackend).toBeNull();

    const { id: okId } = await newRun();
    await executeJob({ db, definition: cpuJob({ ms: 100 }), jobRunId: okId, retriesLeft: 0 });
    const first = await getJob({ db, id: okId });
    await executeJob({ db, definition: cpuJob({ ms: 100 }), jobRunId: okId, retriesLeft: 0 });
    expect((await getJob({ db, id: okId })).cpuSeconds).toBe(first.cpuSeconds);
  });
});
