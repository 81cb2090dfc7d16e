import { z } from 'zod';
import { defineJob } from '../types';

/** A test job: `steps` slow steps with progress, then one audit row committed with completion. */
export const slowTestJob = defineJob({
  kind: 'test.slow',
  parse: (payload) => z.object({ steps: z.number().int().min(1).max(100), stepMs: z.number().int().min(1) }).strict().parse(payload),
  settings: { expireInSeconds: 4, retryLimit: 2, retryDelaySeconds: 1 },
  async run({ payload, progress, jobRunId }) {
    for (let i = 1; i <= payload.steps; i += 1) {
      await new Promise((r) => setTimeout(r, payload.stepMs));
      await progress(i / payload.steps, `step ${i} of ${payload.steps}`);
    }
    return {
      result: { steps: payload.steps },
      commit: async (tx) => {
        await tx.auditLog.create({ data: { app: 'test', action: 'test.slow.commit', target: 'job', targetId: jobRunId, outcome: 'success' } });
      },
    };
  },
});
