'use client';
// Create or edit an initiative: its assumptions (stage, start, horizon, discount rate) and linked models.
import { Field, FormOutcome, INPUT_CLASS } from './form-parts';
import type { TStrategyFormState } from './form-state';
import { useStrategyForm } from './use-strategy-form';

export interface TInitiativeFormValues {
  id?: string;
  name: string;
  owner: string;
  vertical: string | null;
  app: string | null;
  stage: string;
  startDate: string;
  horizonYears: number;
  discountRatePct: number;
  modelIds: string[];
}

const VERTICAL_OPTIONS = [
  { value: '', label: 'None (cross-cutting)' },
  { value: 'finance', label: 'Credit risk (finance)' },
  { value: 'imaging', label: 'Imaging' },
  { value: 'retail', label: 'Retail' },
];
const APP_OPTIONS = [
  { value: '', label: 'None' },
  { value: 'risk', label: 'Risk app' },
  { value: 'imaging', label: 'Imaging app' },
  { value: 'retail', label: 'Retail app' },
  { value: 'strategy', label: 'Strategy app' },
];
const STAGE_OPTIONS = ['idea', 'pilot', 'production', 'retired'];

export function InitiativeForm({
  values,
  models,
  action,
  submitLabel,
}: {
  values: TInitiativeFormValues;
  models: readonly { id: string; name: string; domain: string }[];
  action: (state: TStrategyFormState, form: FormData) => Promise<TStrategyFormState>;
  submitLabel: string;
}) {
  const { state, pending, ref, onSubmit } = useStrategyForm({ action });
  return (
    <form ref={ref} onSubmit={onSubmit} className="grid gap-3 sm:grid-cols-2" aria-label={submitLabel}>
      {values.id ? <input type="hidden" name="id" value={values.id} /> : null}
      <Field label="Name" name="name" state={state}>
        <input name="name" required maxLength={120} defaultValue={values.name} className={INPUT_CLASS} />
      </Field>
      <Field label="Owner" name="owner" state={state}>
        <input name="owner" required maxLength={120} defaultValue={values.owner} className={INPUT_CLASS} />
      </Field>
      <Field label="Vertical" name="vertical" state={state}>
        <select name="vertical" defaultValue={values.vertical ?? ''} className={INPUT_CLASS}>
          {VERTICAL_OPTIONS.map((o) => (
            <option key={o.value} value={o.value}>
              {o.label}
            </option>
          ))}
        </select>
      </Field>
      <Field label="Charge measured compute of" name="app" state={state}>
        <select name="app" defaultValue={values.app ?? ''} className={INPUT_CLASS}>
          {APP_OPTIONS.map((o) => (
            <option key={o.value} value={o.value}>
              {o.label}
            </option>
          ))}
        </select>
      </Field>
      <Field label="Stage" name="stage" state={state}>
        <select name="stage" defaultValue={values.stage} className={INPUT_CLASS}>
          {STAGE_OPTIONS.map((s) => (
            <option key={s} value={s}>
              {s}
            </option>
          ))}
        </select>
      </Field>
      <Field label="Start date" name="startDate" state={state}>
        <input name="startDate" type="date" required defaultValue={values.startDate} className={INPUT_CLASS} />
      </Field>
      <Field label="Horizon (years)" name="horizonYears" state={state}>
        <input name="horizonYears" type="number" min={1} max={30} step={1} required defaultValue={values.horizonYears} className={INPUT_CLASS} />
      </Field>
      <Field label="Discount rate (% a year)" name="discountRate" state={state}>
        <input name="discountRate" type="number" min={0} max={100} step="0.1" required defaultValue={values.discountRatePct} className={INPUT_CLASS} />
      </Field>
      <fieldset className="sm:col-span-2 text-sm">
        <legend className="font-medium">Linked registry models</legend>
        {models.length === 0 ? <p className="text-slate-500">No models in the registry yet.</p> : null}
        <div className="mt-1 flex flex-wrap gap-3">
          {models.map((m) => (
            <label key={m.id} className="flex items-center gap-1">
              <input type="checkbox" name="modelIds" value={m.id} defaultChecked={values.modelIds.includes(m.id)} />
              {m.name} <span className="text-slate-500">({m.domain})</span>
            </label>
          ))}
        </div>
        {state.fieldErrors?.modelIds ? <span className="text-xs text-red-700">{state.fieldErrors.modelIds.join('; ')}</span> : null}
      </fieldset>
      <div className="sm:col-span-2 flex items-center gap-3">
        <button type="submit" disabled={pending} className="rounded bg-indigo-600 px-3 py-1 text-sm font-medium text-white disabled:opacity-50">
          {pending ? 'Saving…' : submitLabel}
        </button>
        <FormOutcome state={state} />
      </div>
    </form>
  );
}
