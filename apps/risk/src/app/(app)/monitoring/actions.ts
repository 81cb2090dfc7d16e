'use server';
import { revalidatePath } from 'next/cache';
import { TRPCError } from '@trpc/server';
import { ZPromoteModelInput } from '@platform/finance';
import type { TPromoteFormState } from '@platform/finance/ui';
import { serverCaller } from '../../../server/router';

export async function promoteChallengerAction(_previous: TPromoteFormState, form: FormData): Promise<TPromoteFormState> {
  const parsed = ZPromoteModelInput.safeParse({ versionId: form.get('versionId'), reason: form.get('reason') });
  if (!parsed.success) return { ok: false, message: parsed.error.issues.map((i) => i.message).join('; ') };
  try {
    const promoted = await (await serverCaller()).finance.models.promote(parsed.data);
    revalidatePath('/monitoring');
    return { ok: true, message: `Promoted ${promoted.modelName} v${promoted.version}. The decision is in the audit log.` };
  } catch (error) {
    if (error instanceof TRPCError) return { ok: false, message: error.message };
    throw error;
  }
}

export async function restoreScorecardAction(_previous: TPromoteFormState, form: FormData): Promise<TPromoteFormState> {
  const parsed = ZPromoteModelInput.safeParse({ versionId: form.get('versionId'), reason: form.get('reason') });
  if (!parsed.success) return { ok: false, message: parsed.error.issues.map((i) => i.message).join('; ') };
  try {
    const restored = await (await serverCaller()).finance.models.restoreScorecard(parsed.data);
    revalidatePath('/monitoring');
    return { ok: true, message: `${restored.modelName} v${restored.version} serves again. The decision is in the audit log.` };
  } catch (error) {
    if (error instanceof TRPCError) return { ok: false, message: error.message };
    throw error;
  }
}
