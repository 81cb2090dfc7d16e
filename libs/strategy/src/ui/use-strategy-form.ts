'use client';
// Submits a form to its server action without React's automatic reset of a form `action`: a refused entry keeps
// what was typed so only the named field needs fixing. `resetOnSuccess` clears it once the entry is stored.
import { startTransition, useActionState, useEffect, useRef, type FormEvent } from 'react';
import { INITIAL_FORM_STATE, type TStrategyFormState } from './form-state';

export function useStrategyForm({ action, resetOnSuccess = false }: { action: (state: TStrategyFormState, form: FormData) => Promise<TStrategyFormState>; resetOnSuccess?: boolean }) {
  const [state, dispatch, pending] = useActionState(action, INITIAL_FORM_STATE);
  const ref = useRef<HTMLFormElement>(null);
  useEffect(() => {
    if (resetOnSuccess && state.ok) ref.current?.reset();
  }, [state, resetOnSuccess]);
  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const data = new FormData(event.currentTarget);
    startTransition(() => dispatch(data));
  };
  return { state, pending, ref, onSubmit };
}
