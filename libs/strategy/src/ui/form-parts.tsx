// Form pieces the strategy forms share: a labelled field with its error under it, and the outcome line.
import type { ReactNode } from 'react';
import type { TStrategyFormState } from './form-state';

export const INPUT_CLASS = 'mt-1 block w-full rounded border border-slate-300 px-2 py-1';

export function Field({ label, name, state, children }: { label: string; name: string; state: TStrategyFormState; children: ReactNode }) {
  const errors = state.fieldErrors?.[name];
  return (
    <label className="block text-sm">
      <span className="font-medium">{label}</span>
      {children}
      {errors?.length ? (
        <span className="mt-0.5 block text-xs text-red-700" data-field-error={name}>
          {errors.join('; ')}
        </span>
      ) : null}
    </label>
  );
}

export function FormOutcome({ state }: { state: TStrategyFormState }) {
  if (!state.message) return null;
  return (
    <p role={state.ok ? 'status' : 'alert'} className={`text-sm ${state.ok ? 'text-emerald-700' : 'text-red-700'}`}>
      {state.message}
    </p>
  );
}
