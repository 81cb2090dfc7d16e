'use server';
import { TRPCError } from '@trpc/server';
import { ZPromoteModelInput } from '@platform/finance';
import type { TPromoteFormState } from '@platform/finance/ui';
import { serverCaller } from '../../../server/router';

type TSwitch = 'promote' | 'restoreScorecard';
const REQUESTED: Record<TSwitch, string> = { promote: 'Promotion of', restoreScorecard: 'Return to' };

/** Both directions of a model switch: validate the form, ask the router, report the queued job. */
async function requestSwitch(which: TSwitch, form: FormData): Promise<TPromoteFormState> {
  const parsed = ZPromoteModelInput.safeParse({ versionId: form.get('versionId'), reason: form.get('reason') });
  if (!parsed.success) return { ok: false, message: parsed.error.issues.map((i) => i.message).join('; '), jobId: null };
  try {
    const requested = await (await serverCaller()).finance.models[which](parsed.data);
    return { ok: true, message: `${REQUESTED[which]} ${requested.modelName} v${requested.version} requested: it serves once every application is re-scored.`, jobId: requested.jobId };
  } catch (error) {
    if (error instanceof TRPCError) return { ok: false, message: error.message, jobId: null };
    throw error;
  }
}

export async function promoteChallengerAction(_previous: TPromoteFormState, form: FormData): Promise<TPromoteFormState> {
  return requestSwitch('promote', form);
}

export async function restoreScorecardAction(_previous: TPromoteFormState, form: FormData): Promise<TPromoteFormState> {
  return requestSwitch('restoreScorecard', form);
}
