'use client';
// Switch the serving model: a written reason, then an audited request whose background job re-scores the
// book; `progress` renders that job (the app supplies its job widget).
import { useActionState, type ReactNode } from 'react';

export interface TPromoteFormState {
  ok: boolean;
  message: string | null;
  jobId: string | null;
}

export function PromoteForm({
  versionId,
  label,
  action,
  progress,
}: {
  versionId: string;
  label: string;
  action: (state: TPromoteFormState, form: FormData) => Promise<TPromoteFormState>;
  progress?: (jobId: string) => ReactNode;
}) {
  const [state, submit, pending] = useActionState(action, { ok: false, message: null, jobId: null });
  return (
    <form action={submit} className="mt-4 space-y-2 text-sm" aria-label="Promote challenger">
      <input type="hidden" name="versionId" value={versionId} />
      <label className="block max-w-xl">
        <span className="font-medium">Reason for promoting {label}</span>
        <textarea name="reason" required maxLength={2000} rows={2} className="mt-1 block w-full rounded border border-slate-300 px-2 py-1" />
      </label>
      {state.message ? (
        <p role={state.ok ? 'status' : 'alert'} className={state.ok ? 'text-emerald-700' : 'text-red-700'}>
          {state.message}
        </p>
      ) : null}
      {state.jobId && progress ? progress(state.jobId) : null}
      <button type="submit" disabled={pending || state.jobId !== null} className="rounded bg-indigo-600 px-3 py-1 font-medium text-white disabled:opacity-50">
        {pending ? 'Requesting…' : `Promote ${label}`}
      </button>
    </form>
  );
}
