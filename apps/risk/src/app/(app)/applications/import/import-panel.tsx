'use client';
// Upload → map columns → preview with row errors → import as a background job with a progress bar.
import { useState } from 'react';
import { JobProgress, PlatformTrpcProvider } from '@platform/api/client';
import { ATTRIBUTES } from '@platform/finance/ui';
import { previewImportAction, scoreBatchAction, startImportAction, type TPreview } from './actions';

export function ImportPanel() {
  const [file, setFile] = useState<{ name: string; text: string } | null>(null);
  const [preview, setPreview] = useState<TPreview | null>(null);
  const [mapping, setMapping] = useState<Record<string, string>>({});
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [jobId, setJobId] = useState<string | null>(null);

  async function check(text: string, map?: Record<string, string>) {
    setBusy(true);
    setError(null);
    const result = await previewImportAction({ text, mapping: map });
    setBusy(false);
    if (!result.ok) return setError(result.message);
    setPreview(result.data);
    setMapping(Object.fromEntries(Object.entries(result.data.mapping).filter((e): e is [string, string] => typeof e[1] === 'string')));
  }

  async function scoreOnly() {
    if (!file) return;
    setBusy(true);
    const result = await scoreBatchAction({ text: file.text, mapping });
    setBusy(false);
    if (!result.ok) return setError(result.message);
    // The results never touch the database: they go straight to the user's download.
    const url = URL.createObjectURL(new Blob([result.data.csv], { type: 'text/csv' }));
    const link = document.createElement('a');
    link.href = url;
    link.download = file.name.replace(/\.csv$/i, '') + '-scores.csv';
    link.click();
    URL.revokeObjectURL(url);
  }

  async function start() {
    if (!file) return;
    setBusy(true);
    const result = await startImportAction({ fileName: file.name, text: file.text, mapping });
    setBusy(false);
    if (!result.ok) return setError(result.message);
    setJobId(result.data.jobId);
  }

  const select = 'rounded border border-slate-300 px-2 py-1';
  return (
    <PlatformTrpcProvider>
      <div className="space-y-6 text-sm">
        <label className="block">
          <span className="font-medium">Applicant file (CSV with a header row)</span>
          <input
            type="file"
            accept=".csv,text/csv"
            className="mt-1 block"
            onChange={async (e) => {
              const f = e.target.files?.[0];
              if (!f) return;
              const text = await f.text();
              setFile({ name: f.name, text });
              setJobId(null);
              await check(text);
            }}
          />
        </label>
        {error ? (
          <p role="alert" className="text-red-700">
            {error}
          </p>
        ) : null}
        {preview && file ? (
          <>
            <section aria-label="Column mapping">
              <h2 className="mb-2 font-medium">Column mapping</h2>
              <div className="grid gap-2 sm:grid-cols-2 lg:grid-cols-4">
                {ATTRIBUTES.map((a) => (
                  <label key={a.key} className="block">
                    <span className="text-xs text-slate-600">{a.label}</span>
                    <select
                      className={`${select} block w-full`}
                      value={mapping[a.key] ?? ''}
                      onChange={(e) => {
                        const next = { ...mapping };
                        if (e.target.value === '') delete next[a.key];
                        else next[a.key] = e.target.value;
                        setMapping(next);
                        void check(file.text, next);
                      }}
                    >
                      <option value="">— not mapped —</option>
                      {preview.header.map((h) => (
                        <option key={h} value={h}>
                          {h}
                        </option>
                      ))}
                    </select>
                  </label>
                ))}
              </div>
            </section>
            <p data-testid="import-summary">
              {preview.totalRows} rows, {preview.validRows} valid, {preview.errors.length} problem(s).
            </p>
            {preview.errors.length > 0 ? (
              <section aria-label="Row errors">
                <h2 className="mb-2 font-medium text-red-700">Fix these before importing — nothing is imported while any row is invalid</h2>
                <table className="min-w-full text-left text-xs" aria-label="Row errors">
                  <thead>
                    <tr>
                      <th className="pr-3">Line</th>
                      <th className="pr-3">Column</th>
                      <th>Problem</th>
                    </tr>
                  </thead>
                  <tbody>
                    {preview.errors.map((e, i) => (
                      <tr key={i} data-testid="row-error">
                        <td className="pr-3">{e.line || 'file'}</td>
                        <td className="pr-3">{e.column}</td>
                        <td>{e.message}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </section>
            ) : null}
            {preview.preview.length > 0 ? (
              <section aria-label="Preview" className="overflow-x-auto">
                <h2 className="mb-2 font-medium">Preview (first {preview.preview.length} valid rows)</h2>
                <table className="min-w-full text-left text-xs" aria-label="Preview">
                  <thead>
                    <tr>
                      <th className="pr-3">Line</th>
                      {ATTRIBUTES.map((a) => (
                        <th key={a.key} className="pr-3">
                          {a.label}
                        </th>
                      ))}
                    </tr>
                  </thead>
                  <tbody>
                    {preview.preview.map((r) => (
                      <tr key={r.line}>
                        <td className="pr-3">{r.line}</td>
                        {ATTRIBUTES.map((a) => (
                          <td key={a.key} className="pr-3">
                            {r.values[a.key]}
                          </td>
                        ))}
                      </tr>
                    ))}
                  </tbody>
                </table>
              </section>
            ) : null}
            {jobId ? (
              <JobProgress jobId={jobId} />
            ) : (
              <div className="flex gap-3">
                <button
                  type="button"
                  disabled={busy || preview.errors.length > 0 || preview.validRows === 0}
                  onClick={() => void start()}
                  className="rounded bg-indigo-600 px-3 py-1 font-medium text-white disabled:opacity-50"
                >
                  Import {preview.validRows} applications
                </button>
                <button
                  type="button"
                  disabled={busy || preview.errors.length > 0 || preview.validRows === 0}
                  onClick={() => void scoreOnly()}
                  className="rounded border border-indigo-600 px-3 py-1 font-medium text-indigo-700 disabled:opacity-50"
                >
                  Score only and download CSV
                </button>
              </div>
            )}
          </>
        ) : null}
      </div>
    </PlatformTrpcProvider>
  );
}
