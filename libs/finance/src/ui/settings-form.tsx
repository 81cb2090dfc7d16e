'use client';
// LGD and the PD bands of grades A–E; saving re-scores every application with them.
import { useActionState } from 'react';

export interface TSettingsFormState {
  ok: boolean;
  message: string | null;
}

export function SettingsForm({
  lgd,
  bands,
  action,
}: {
  lgd: number;
  bands: readonly { grade: string; maxPd: number; description: string }[];
  action: (state: TSettingsFormState, form: FormData) => Promise<TSettingsFormState>;
}) {
  const [state, submit, pending] = useActionState(action, { ok: false, message: null });
  const input = 'rounded border border-slate-300 px-2 py-1';
  return (
    <form action={submit} className="space-y-4 text-sm" aria-label="Risk settings">
      <label className="block max-w-xs">
        <span className="font-medium">Loss given default (%)</span>
        <input name="lgd" type="number" step="0.1" min="0.1" max="100" required defaultValue={(lgd * 100).toFixed(1)} className={`${input} mt-1 block w-full`} />
      </label>
      <table className="text-left" aria-label="Grade bands">
        <thead>
          <tr>
            <th className="pr-3">Grade</th>
            <th className="pr-3">Highest PD (%)</th>
            <th>Description</th>
          </tr>
        </thead>
        <tbody>
          {bands.map((b) => (
            <tr key={b.grade}>
              <td className="pr-3 font-medium">{b.grade}</td>
              <td className="pr-3">
                <input name={`maxPd.${b.grade}`} aria-label={`Highest PD of grade ${b.grade} (%)`} type="number" step="0.1" min="0.1" max="100" required defaultValue={(b.maxPd * 100).toFixed(1)} className={input} />
              </td>
              <td>
                <input name={`description.${b.grade}`} aria-label={`Description of grade ${b.grade}`} required defaultValue={b.description} className={input} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {state.message ? (
        <p role={state.ok ? 'status' : 'alert'} className={state.ok ? 'text-emerald-700' : 'text-red-700'}>
          {state.message}
        </p>
      ) : null}
      <button type="submit" disabled={pending} className="rounded bg-indigo-600 px-3 py-1 font-medium text-white disabled:opacity-50">
        {pending ? 'Re-scoring…' : 'Save and re-score'}
      </button>
    </form>
  );
}
