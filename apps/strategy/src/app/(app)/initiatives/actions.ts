'use server';
import { revalidatePath } from 'next/cache';
import { redirect } from 'next/navigation';
import { ZAddBenefitInput, ZAddCostInput, ZComputeRatesInput, ZCreateInitiativeInput, ZUpdateInitiativeInput } from '@platform/strategy';
import type { TStrategyFormState } from '@platform/strategy/ui';
import { formText, optionalText, percentField, runFormAction } from '../../../server/form-actions';
import { serverCaller } from '../../../server/router';

const initiativeRaw = (form: FormData) => ({
  name: formText(form, 'name'),
  owner: formText(form, 'owner'),
  vertical: optionalText(form, 'vertical'),
  app: optionalText(form, 'app'),
  stage: formText(form, 'stage'),
  startDate: formText(form, 'startDate'),
  horizonYears: formText(form, 'horizonYears'),
  discountRate: percentField(form, 'discountRate'),
  modelIds: form.getAll('modelIds').filter((v): v is string => typeof v === 'string'),
});

export async function createInitiativeAction(_previous: TStrategyFormState, form: FormData): Promise<TStrategyFormState> {
  const caller = await serverCaller();
  let createdId: string | null = null;
  const state = await runFormAction({
    schema: ZCreateInitiativeInput,
    raw: initiativeRaw(form),
    call: (input) => caller.strategy.initiatives.create(input),
    done: (r) => {
      createdId = r.id;
      return { ok: true, message: 'Created.' };
    },
  });
  // redirect() throws to navigate, so it runs outside the try of runFormAction.
  if (createdId) redirect(`/initiatives/${createdId}`);
  return state;
}

export async function updateInitiativeAction(_previous: TStrategyFormState, form: FormData): Promise<TStrategyFormState> {
  const caller = await serverCaller();
  const id = formText(form, 'id');
  return runFormAction({
    schema: ZUpdateInitiativeInput,
    raw: { id, ...initiativeRaw(form) },
    call: (input) => caller.strategy.initiatives.update(input),
    done: () => {
      revalidatePath(`/initiatives/${id}`);
      return { ok: true, message: 'Saved. The figures below use the new assumptions.' };
    },
  });
}

const lineRaw = (form: FormData) => ({
  initiativeId: formText(form, 'initiativeId'),
  description: formText(form, 'description'),
  amount: formText(form, 'amount'),
  recurrence: formText(form, 'recurrence'),
  startDate: formText(form, 'startDate'),
  endDate: optionalText(form, 'endDate'),
});

export async function addCostAction(_previous: TStrategyFormState, form: FormData): Promise<TStrategyFormState> {
  const caller = await serverCaller();
  const raw = { ...lineRaw(form), category: formText(form, 'category') };
  return runFormAction({
    schema: ZAddCostInput,
    raw,
    call: (input) => caller.strategy.ledger.addCost(input),
    done: () => {
      revalidatePath(`/initiatives/${raw.initiativeId}`);
      return { ok: true, message: 'Cost added.' };
    },
  });
}

export async function addBenefitAction(_previous: TStrategyFormState, form: FormData): Promise<TStrategyFormState> {
  const caller = await serverCaller();
  const raw = { ...lineRaw(form), type: formText(form, 'type'), confidence: percentField(form, 'confidence') };
  return runFormAction({
    schema: ZAddBenefitInput,
    raw,
    call: (input) => caller.strategy.ledger.addBenefit(input),
    done: () => {
      revalidatePath(`/initiatives/${raw.initiativeId}`);
      return { ok: true, message: 'Benefit added.' };
    },
  });
}

export async function removeCostAction(form: FormData): Promise<void> {
  const caller = await serverCaller();
  await caller.strategy.ledger.removeCost({ id: formText(form, 'id') });
  revalidatePath(`/initiatives/${formText(form, 'initiativeId')}`);
}

export async function removeBenefitAction(form: FormData): Promise<void> {
  const caller = await serverCaller();
  await caller.strategy.ledger.removeBenefit({ id: formText(form, 'id') });
  revalidatePath(`/initiatives/${formText(form, 'initiativeId')}`);
}

export async function updateComputeRatesAction(_previous: TStrategyFormState, form: FormData): Promise<TStrategyFormState> {
  const caller = await serverCaller();
  return runFormAction({
    schema: ZComputeRatesInput,
    raw: { cpuHourRate: formText(form, 'cpuHourRate'), gpuHourRate: formText(form, 'gpuHourRate') },
    call: (input) => caller.strategy.compute.updateRates(input),
    done: () => {
      revalidatePath('/compute');
      return { ok: true, message: 'Rates saved: every initiative’s compute line is repriced.' };
    },
  });
}
