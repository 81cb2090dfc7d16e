'use client';
// Raise a risk: what it is, how likely and how bad (1–5 each), who owns it, the mitigation, when to review it.
import { Field, FormOutcome, INPUT_CLASS } from './form-parts';
import type { TStrategyFormState } from './form-state';
import { useStrategyForm } from './use-strategy-form';

export function RiskForm({ initiatives, defaultReviewDate, action }: { initiatives: readonly { id: string; name: string }[]; defaultReviewDate: string; action: (state: TStrategyFormState, form: FormData) => Promise<TStrategyFormState> }) {
  const { state, pending, ref, onSubmit } = useStrategyForm({ action, resetOnSuccess: true });
  const scale = [1, 2, 3, 4, 5];
  return (
    <form ref={ref} onSubmit={onSubmit} className="grid gap-3 sm:grid-cols-3" aria-label="Raise a risk">
      <Field label="Title" name="title" state={state}>
        <input name="title" required maxLength={200} className={INPUT_CLASS} />
      </Field>
      <Field label="Category" name="category" state={state}>
        <select name="category" defaultValue="technical" className={INPUT_CLASS}>
          <option value="technical">Technical</option>
          <option value="market">Market</option>
          <option value="legal">Legal</option>
        </select>
      </Field>
      <Field label="Initiative" name="initiativeId" state={state}>
        <select name="initiativeId" defaultValue="" className={INPUT_CLASS}>
          <option value="">None (portfolio-wide)</option>
          {initiatives.map((i) => (
            <option key={i.id} value={i.id}>
              {i.name}
            </option>
          ))}
        </select>
      </Field>
      <Field label="Likelihood (1–5)" name="likelihood" state={state}>
        <select name="likelihood" defaultValue="3" className={INPUT_CLASS}>
          {scale.map((n) => (
            <option key={n} value={n}>
              {n}
            </option>
          ))}
        </select>
      </Field>
      <Field label="Impact (1–5)" name="impact" state={state}>
        <select name="impact" defaultValue="3" className={INPUT_CLASS}>
          {scale.map((n) => (
            <option key={n} value={n}>
              {n}
            </option>
          ))}
        </select>
      </Field>
      <Field label="Owner" name="owner" state={state}>
        <input name="owner" required maxLength={120} className={INPUT_CLASS} />
      </Field>
      <Field label="Mitigation" name="mitigation" state={state}>
        <input name="mitigation" required maxLength={2000} className={INPUT_CLASS} />
      </Field>
      <Field label="Review date" name="reviewDate" state={state}>
        <input name="reviewDate" type="date" required defaultValue={defaultReviewDate} className={INPUT_CLASS} />
      </Field>
      <div className="sm:col-span-3 flex items-center gap-3">
        <button type="submit" disabled={pending} className="rounded bg-indigo-600 px-3 py-1 text-sm font-medium text-white disabled:opacity-50">
          {pending ? 'Saving…' : 'Raise risk'}
        </button>
        <FormOutcome state={state} />
      </div>
    </form>
  );
}
