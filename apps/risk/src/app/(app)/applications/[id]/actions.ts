'use server';
import { revalidatePath } from 'next/cache';
import { TRPCError } from '@trpc/server';
import { z } from 'zod';
import { ZDecideInput } from '@platform/finance';
import type { TDecisionFormState } from '@platform/finance/ui';
import { AppError } from '@platform/util';
import { serverCaller } from '../../../../server/router';

export async function decideAction(_previous: TDecisionFormState, form: FormData): Promise<TDecisionFormState> {
  const reason = form.get('reason');
  const parsed = ZDecideInput.safeParse({
    applicationId: form.get('applicationId'),
    outcome: form.get('outcome'),
    reason: typeof reason === 'string' && reason.trim() !== '' ? reason : undefined,
  });
  if (!parsed.success) return { ok: false, message: 'Check the decision form', fieldErrors: z.flattenError(parsed.error).fieldErrors };
  try {
    const caller = await serverCaller();
    const decision = await caller.finance.applications.decide(parsed.data);
    revalidatePath(`/applications/${parsed.data.applicationId}`);
    return { ok: true, message: `Decision recorded: ${decision.outcome}${decision.isOverride ? ' (override)' : ''}`, fieldErrors: null };
  } catch (error) {
    if (error instanceof TRPCError) {
      return { ok: false, message: error.message, fieldErrors: error.cause instanceof AppError ? (error.cause.fieldErrors ?? null) : null };
    }
    throw error;
  }
}
