'use client';
// Add a cost or a benefit line to an initiative's ledger.
import { Field, FormOutcome, INPUT_CLASS } from './form-parts';
import type { TStrategyFormState } from './form-state';
import { useStrategyForm } from './use-strategy-form';

type TAction = (state: TStrategyFormState, form: FormData) => Promise<TStrategyFormState>;

function DatedLineFields({ state, defaultStart }: { state: TStrategyFormState; defaultStart: string }) {
  return (
    <>
      <Field label="Description" name="description" state={state}>
        <input name="description" required maxLength={200} className={INPUT_CLASS} />
      </Field>
      <Field label="Amount (DM, each time it falls due)" name="amount" state={state}>
        <input name="amount" type="number" step="0.01" required className={INPUT_CLASS} />
      </Field>
      <Field label="Recurrence" name="recurrence" state={state}>
        <select name="recurrence" defaultValue="one_off" className={INPUT_CLASS}>
          <option value="one_off">One-off</option>
          <option value="monthly">Monthly</option>
          <option value="yearly">Yearly</option>
        </select>
      </Field>
      <Field label="Start date" name="startDate" state={state}>
        <input name="startDate" type="date" required defaultValue={defaultStart} className={INPUT_CLASS} />
      </Field>
      <Field label="End date (recurring only; empty: to the horizon)" name="endDate" state={state}>
        <input name="endDate" type="date" className={INPUT_CLASS} />
      </Field>
    </>
  );
}

export function AddCostForm({ initiativeId, defaultStart, action }: { initiativeId: string; defaultStart: string; action: TAction }) {
  const { state, pending, ref, onSubmit } = useStrategyForm({ action, resetOnSuccess: true });
  return (
    <form ref={ref} onSubmit={onSubmit} className="grid gap-3 sm:grid-cols-3" aria-label="Add a cost">
      <input type="hidden" name="initiativeId" value={initiativeId} />
      <Field label="Category" name="category" state={state}>
        <select name="category" defaultValue="people" className={INPUT_CLASS}>
          <option value="hardware">Hardware</option>
          <option value="software">Software</option>
          <option value="people">People</option>
          <option value="other">Other (consulting, external data)</option>
        </select>
      </Field>
      <DatedLineFields state={state} defaultStart={defaultStart} />
      <div className="sm:col-span-3 flex items-center gap-3">
        <button type="submit" disabled={pending} className="rounded bg-indigo-600 px-3 py-1 text-sm font-medium text-white disabled:opacity-50">
          {pending ? 'Adding…' : 'Add cost'}
        </button>
        <FormOutcome state={state} />
      </div>
    </form>
  );
}

export function AddBenefitForm({ initiativeId, defaultStart, action }: { initiativeId: string; defaultStart: string; action: TAction }) {
  const { state, pending, ref, onSubmit } = useStrategyForm({ action, resetOnSuccess: true });
  return (
    <form ref={ref} onSubmit={onSubmit} className="grid gap-3 sm:grid-cols-3" aria-label="Add a benefit">
      <input type="hidden" name="initiativeId" value={initiativeId} />
      <Field label="Type" name="type" state={state}>
        <select name="type" defaultValue="indirect" className={INPUT_CLASS}>
          <option value="direct">Direct</option>
          <option value="indirect">Indirect</option>
          <option value="long_term">Long-term</option>
        </select>
      </Field>
      <DatedLineFields state={state} defaultStart={defaultStart} />
      <Field label="Confidence (%)" name="confidence" state={state}>
        <input name="confidence" type="number" min={1} max={100} step={1} defaultValue={100} required className={INPUT_CLASS} />
      </Field>
      <div className="sm:col-span-3 flex items-center gap-3">
        <button type="submit" disabled={pending} className="rounded bg-indigo-600 px-3 py-1 text-sm font-medium text-white disabled:opacity-50">
          {pending ? 'Adding…' : 'Add benefit'}
        </button>
        <FormOutcome state={state} />
      </div>
    </form>
  );
}

export function ComputeRatesForm({ cpuHourRate, gpuHourRate, action }: { cpuHourRate: number; gpuHourRate: number; action: TAction }) {
  const { state, pending, ref, onSubmit } = useStrategyForm({ action });
  return (
    <form ref={ref} onSubmit={onSubmit} className="grid max-w-xl gap-3 sm:grid-cols-2" aria-label="Compute rates">
      <Field label="DM per CPU-hour" name="cpuHourRate" state={state}>
        <input name="cpuHourRate" type="number" min={0} step="0.001" required defaultValue={cpuHourRate} className={INPUT_CLASS} />
      </Field>
      <Field label="DM per GPU-hour" name="gpuHourRate" state={state}>
        <input name="gpuHourRate" type="number" min={0} step="0.01" required defaultValue={gpuHourRate} className={INPUT_CLASS} />
      </Field>
      <div className="sm:col-span-2 flex items-center gap-3">
        <button type="submit" disabled={pending} className="rounded bg-indigo-600 px-3 py-1 text-sm font-medium text-white disabled:opacity-50">
          {pending ? 'Saving…' : 'Save rates'}
        </button>
        <FormOutcome state={state} />
      </div>
    </form>
  );
}
