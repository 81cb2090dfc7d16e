'use client';
// Approve / decline / refer; going against the model's recommendation asks for a written reason.
import { startTransition, useActionState, useState, type FormEvent } from 'react';
import type { TDecisionOutcome } from '../codebook';

export interface TDecisionFormState {
  ok: boolean;
  message: string | null;
  fieldErrors: Record<string, string[] | undefined> | null;
}

const LABEL: Record<TDecisionOutcome, string> = { approve: 'Approve', decline: 'Decline', refer: 'Refer' };

export function DecisionForm({
  applicationId,
  recommendation,
  action,
}: {
  applicationId: string;
  recommendation: TDecisionOutcome | null;
  action: (state: TDecisionFormState, form: FormData) => Promise<TDecisionFormState>;
}) {
  const [state, submit, pending] = useActionState(action, { ok: false, message: null, fieldErrors: null });
  // Every field is controlled and the form is submitted from onSubmit: React resets a form after an `action=`
  // submit, which put the radios back on the recommendation while this state still held the user's choice, so
  // the next submit sent an outcome the user had not chosen. What is shown is what is sent.
  const [outcome, setOutcome] = useState<TDecisionOutcome>(recommendation ?? 'refer');
  const [reason, setReason] = useState('');
  const isOverride = recommendation !== null && outcome !== recommendation;
  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData();
    form.set('applicationId', applicationId);
    form.set('outcome', outcome);
    form.set('reason', reason);
    startTransition(() => submit(form));
  };
  return (
    <form onSubmit={onSubmit} className="space-y-3 text-sm" aria-label="Decision">
      <fieldset className="flex gap-4">
        <legend className="mb-1 font-medium">Decision</legend>
        {(['approve', 'decline', 'refer'] as const).map((o) => (
          <label key={o} className="flex items-center gap-1">
            <input type="radio" name="outcome" value={o} checked={outcome === o} onChange={() => setOutcome(o)} />
            {LABEL[o]}
            {o === recommendation ? <span className="text-xs text-slate-500">(recommended)</span> : null}
          </label>
        ))}
      </fieldset>
      <label className="block">
        <span className="font-medium">Reason{isOverride ? ' (required: this overrides the recommendation)' : ' (optional)'}</span>
        <textarea
          name="reason"
          rows={3}
          maxLength={2000}
          value={reason}
          onChange={(e) => setReason(e.target.value)}
          className="mt-1 block w-full rounded border border-slate-300 px-2 py-1"
          aria-invalid={Boolean(state.fieldErrors?.reason)}
        />
      </label>
      {state.fieldErrors?.reason ? (
        <p role="alert" className="text-xs text-red-700">
          {state.fieldErrors.reason.join(' ')}
        </p>
      ) : null}
      {state.message ? (
        <p role={state.ok ? 'status' : 'alert'} className={state.ok ? 'text-emerald-700' : 'text-red-700'}>
          {state.message}
        </p>
      ) : null}
      <button type="submit" disabled={pending} className="rounded bg-indigo-600 px-3 py-1 font-medium text-white disabled:opacity-50">
        {pending ? 'Saving…' : 'Record decision'}
      </button>
    </form>
  );
}
