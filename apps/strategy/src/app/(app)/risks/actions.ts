'use server';
import { revalidatePath } from 'next/cache';
import { ZCreateRiskInput, ZUpdateRiskInput } from '@platform/strategy';
import type { TStrategyFormState } from '@platform/strategy/ui';
import { formText, optionalText, runFormAction } from '../../../server/form-actions';
import { serverCaller } from '../../../server/router';

const riskRaw = (form: FormData) => ({
  title: formText(form, 'title'),
  category: formText(form, 'category'),
  likelihood: formText(form, 'likelihood'),
  impact: formText(form, 'impact'),
  owner: formText(form, 'owner'),
  mitigation: formText(form, 'mitigation'),
  status: optionalText(form, 'status') ?? undefined,
  reviewDate: formText(form, 'reviewDate'),
  initiativeId: optionalText(form, 'initiativeId'),
});

export async function createRiskAction(_previous: TStrategyFormState, form: FormData): Promise<TStrategyFormState> {
  const caller = await serverCaller();
  return runFormAction({
    schema: ZCreateRiskInput,
    raw: riskRaw(form),
    call: (input) => caller.strategy.risks.create(input),
    done: () => {
      revalidatePath('/risks');
      return { ok: true, message: 'Risk raised.' };
    },
  });
}

/** A row's status change: the row's other fields travel as hidden inputs, so the update is complete. */
export async function updateRiskStatusAction(form: FormData): Promise<void> {
  const caller = await serverCaller();
  const parsed = ZUpdateRiskInput.parse({ id: formText(form, 'id'), ...riskRaw(form) });
  await caller.strategy.risks.update(parsed);
  revalidatePath('/risks');
}
