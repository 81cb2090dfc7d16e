'use client';
// Enter one application: every codebook attribute, with the field's own error next to it.
import { useActionState } from 'react';
import { ATTRIBUTES } from '../codebook';

export interface TNewApplicationFormState {
  message: string | null;
  fieldErrors: Record<string, string[] | undefined> | null;
}

export function NewApplicationForm({ action }: { action: (state: TNewApplicationFormState, form: FormData) => Promise<TNewApplicationFormState> }) {
  const [state, submit, pending] = useActionState(action, { message: null, fieldErrors: null });
  const input = 'mt-1 block w-full rounded border border-slate-300 px-2 py-1';
  return (
    <form action={submit} className="space-y-4 text-sm" aria-label="New application">
      <div className="grid gap-4 sm:grid-cols-2 lg:grid-cols-3">
        {ATTRIBUTES.map((a) => {
          const errors = state.fieldErrors?.[a.key];
          return (
            <label key={a.key} className="block">
              <span className="font-medium">{a.label}</span>
              {a.kind === 'numeric' ? (
                <input name={a.key} type="number" step={a.key === 'amount' ? '0.01' : '1'} required className={input} aria-invalid={Boolean(errors)} />
              ) : a.kind === 'categorical' ? (
                <select name={a.key} required className={input} defaultValue="" aria-invalid={Boolean(errors)}>
                  <option value="" disabled>
                    Choose…
                  </option>
                  {a.values.map((v) => (
                    <option key={v} value={v}>
                      {a.labels[v] ?? v}
                    </option>
                  ))}
                </select>
              ) : (
                <select name={a.key} required className={input} defaultValue="" aria-invalid={Boolean(errors)}>
                  <option value="" disabled>
                    Choose…
                  </option>
                  <option value="yes">{a.labels.true}</option>
                  <option value="no">{a.labels.false}</option>
                </select>
              )}
              {errors ? (
                <span role="alert" className="mt-1 block text-xs text-red-700">
                  {errors.join(' ')}
                </span>
              ) : null}
            </label>
          );
        })}
      </div>
      {state.message ? (
        <p role="alert" className="text-red-700">
          {state.message}
        </p>
      ) : null}
      <button type="submit" disabled={pending} className="rounded bg-indigo-600 px-3 py-1 font-medium text-white disabled:opacity-50">
        {pending ? 'Scoring…' : 'Create and score'}
      </button>
    </form>
  );
}
