'use client';
// Upload (streamed to /api/uploads, with progress) → map columns and an ID column → preview with every row
// problem and every repeat → import as a background job with a progress bar, or score only to a download.
import { useState } from 'react';
import { JobProgress, PlatformTrpcProvider } from '@platform/api/client';
import { ATTRIBUTES } from '@platform/finance/ui';
import { ProgressBar } from '@platform/ui';
import { previewImportAction, scoreBatchAction, startImportAction, type TPreview } from './actions';

const MAX_BYTES = 20 * 1024 * 1024;
const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;

/** Sends the file as the request body and reports upload progress; resolves with the stored upload's id. */
function uploadFile({ file, onProgress }: { file: File; onProgress: (fraction: number) => void }): Promise<{ ok: true; id: string } | { ok: false; message: string }> {
  return new Promise((resolve) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', `/api/uploads?purpose=finance.applications&name=${encodeURIComponent(file.name)}`);
    xhr.setRequestHeader('content-type', 'text/csv');
    xhr.upload.onprogress = (e) => {
      if (e.lengthComputable) onProgress(e.loaded / e.total);
    };
    xhr.onload = () => {
      let body: { id?: string; error?: string } = {};
      try {
        body = JSON.parse(xhr.responseText) as typeof body;
      } catch {
        // not JSON: reported below with the status
      }
      if (xhr.status === 201 && body.id) resolve({ ok: true, id: body.id });
      else resolve({ ok: false, message: body.error ?? `The upload failed (HTTP ${xhr.status} ${xhr.statusText}). Nothing was stored.` });
    };
    xhr.onerror = () => resolve({ ok: false, message: 'The upload was interrupted (network error). Nothing was stored; try again.' });
    xhr.send(file);
  });
}

/** One of the file's columns, or none. */
function ColumnSelect({ label, header, none, value, onChange }: { label: string; header: readonly string[]; none: string; value: string; onChange: (column: string) => void }) {
  return (
    <label className="block">
      <span className="text-xs text-slate-600">{label}</span>
      <select className="block w-full rounded border border-slate-300 px-2 py-1" value={value} onChange={(e) => onChange(e.target.value)}>
        <option value="">{none}</option>
        {header.map((h) => (
          <option key={h} value={h}>
            {h}
          </option>
        ))}
      </select>
    </label>
  );
}

export function ImportPanel() {
  const [file, setFile] = useState<{ name: string; bytes: number; uploadId: string } | null>(null);
  const [uploading, setUploading] = useState<number | null>(null);
  const [preview, setPreview] = useState<TPreview | null>(null);
  const [mapping, setMapping] = useState<Record<string, string>>({});
  const [idColumn, setIdColumn] = useState('');
  const [onDuplicates, setOnDuplicates] = useState<'skip' | 'import'>('skip');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [jobId, setJobId] = useState<string | null>(null);

  async function check({ uploadId, map, id }: { uploadId: string; map?: Record<string, string>; id: string }) {
    setBusy(true);
    setError(null);
    const result = await previewImportAction({ uploadId, mapping: map, idColumn: id || undefined });
    setBusy(false);
    if (!result.ok) return setError(result.message);
    setPreview(result.data);
    setMapping(Object.fromEntries(Object.entries(result.data.mapping).filter((e): e is [string, string] => typeof e[1] === 'string')));
  }

  async function choose(f: File) {
    setFile(null);
    setPreview(null);
    setJobId(null);
    setError(null);
    setIdColumn('');
    setOnDuplicates('skip');
    if (f.size > MAX_BYTES) return setError(`${f.name} is ${mb(f.size)}; the limit is ${mb(MAX_BYTES)}. Split the file and import the parts.`);
    setUploading(0);
    const stored = await uploadFile({ file: f, onProgress: setUploading });
    setUploading(null);
    if (!stored.ok) return setError(stored.message);
    setFile({ name: f.name, bytes: f.size, uploadId: stored.id });
    await check({ uploadId: stored.id, id: '' });
  }

  async function scoreOnly() {
    if (!file) return;
    setBusy(true);
    setError(null);
    const result = await scoreBatchAction({ uploadId: file.uploadId, mapping, idColumn: idColumn || undefined });
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
    if (!file || !preview) return;
    setBusy(true);
    setError(null);
    const repeats = preview.duplicateCount > 0 || preview.earlierImports.length > 0;
    const result = await startImportAction({ uploadId: file.uploadId, mapping, idColumn: idColumn || undefined, onDuplicates: repeats ? onDuplicates : undefined });
    setBusy(false);
    if (!result.ok) return setError(result.message);
    setJobId(result.data.jobId);
  }

  const importable = preview ? preview.validRows - (onDuplicates === 'skip' ? preview.duplicateCount : preview.duplicatesWithTakenId) : 0;
  return (
    <PlatformTrpcProvider>
      <div className="space-y-6 text-sm">
        <label className="block">
          <span className="font-medium">Applicant file (CSV with a header row, up to {mb(MAX_BYTES)})</span>
          <input
            type="file"
            accept=".csv,text/csv"
            className="mt-1 block"
            disabled={uploading !== null}
            onChange={(e) => {
              const f = e.target.files?.[0];
              if (f) void choose(f);
            }}
          />
        </label>
        {uploading !== null ? <ProgressBar value={uploading} label="Uploading" /> : null}
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
                <ColumnSelect
                  label="ID column (carried into the results)"
                  header={preview.header}
                  none="— none: rows are named by line —"
                  value={idColumn}
                  onChange={(column) => {
                    setIdColumn(column);
                    void check({ uploadId: file.uploadId, map: mapping, id: column });
                  }}
                />
                {ATTRIBUTES.map((a) => (
                  <ColumnSelect
                    key={a.key}
                    label={a.label}
                    header={preview.header}
                    none="— not mapped —"
                    value={mapping[a.key] ?? ''}
                    onChange={(column) => {
                      const next = { ...mapping };
                      if (column === '') delete next[a.key];
                      else next[a.key] = column;
                      setMapping(next);
                      void check({ uploadId: file.uploadId, map: next, id: idColumn });
                    }}
                  />
                ))}
              </div>
            </section>
            <p data-testid="import-summary">
              {preview.fileName} ({mb(preview.bytes)}): {preview.totalRows} rows, {preview.validRows} valid, {preview.errorCount} problem(s)
              {preview.rowsWithErrors > 0 ? ` in ${preview.rowsWithErrors} row(s)` : ''}.
            </p>
            {preview.errorCount > 0 ? (
              <section aria-label="Row errors">
                <h2 className="mb-2 font-medium text-red-700">Fix these before importing — nothing is imported while any row is invalid</h2>
                {preview.errorCount > preview.errors.length ? (
                  <p className="mb-2 text-xs text-slate-600" data-testid="errors-capped">
                    Showing the first {preview.errors.length} of {preview.errorCount} problems.
                  </p>
                ) : null}
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
            {preview.errorCount === 0 && (preview.earlierImports.length > 0 || preview.duplicateCount > 0) ? (
              <section aria-label="Repeated rows" className="space-y-2 rounded border border-amber-300 bg-amber-50 p-3">
                {preview.earlierImports.map((u) => (
                  <p key={`${u.batch ?? ''}${String(u.importedAt)}`} role="status" className="text-amber-900">
                    This file was imported before: {u.fileName}, {u.rows ?? 0} application(s) on {u.importedAt ? new Date(u.importedAt).toISOString().replace('T', ' ').slice(0, 16) : ''} UTC
                    {u.batch ? ` (batch ${u.batch})` : ''}.
                  </p>
                ))}
                {preview.duplicateCount > 0 ? (
                  <>
                    <p className="text-amber-900" data-testid="duplicate-summary">
                      {preview.duplicateCount} row(s) repeat applications already in the book or earlier lines of this file
                      {preview.duplicatesWithTakenId > 0 ? `; ${preview.duplicatesWithTakenId} of them have an ID that is already an application and are always skipped` : ''}.
                    </p>
                    <ul className="list-disc pl-5 text-xs text-amber-900">
                      {preview.duplicates.slice(0, 10).map((d) => (
                        <li key={d.line}>
                          Line {d.line}: {d.reason}
                        </li>
                      ))}
                      {preview.duplicateCount > 10 ? <li>… and {preview.duplicateCount - 10} more</li> : null}
                    </ul>
                    <fieldset className="flex flex-wrap gap-4">
                      <legend className="mb-1 font-medium">Repeated rows</legend>
                      <label className="flex items-center gap-1">
                        <input type="radio" name="onDuplicates" checked={onDuplicates === 'skip'} onChange={() => setOnDuplicates('skip')} />
                        Skip them
                      </label>
                      <label className="flex items-center gap-1">
                        <input type="radio" name="onDuplicates" checked={onDuplicates === 'import'} onChange={() => setOnDuplicates('import')} />
                        Import them as new applications
                      </label>
                    </fieldset>
                  </>
                ) : null}
              </section>
            ) : null}
            {preview.preview.length > 0 ? (
              <section aria-label="Preview" className="overflow-x-auto">
                <h2 className="mb-2 font-medium">Preview (first {preview.preview.length} valid rows)</h2>
                <table className="min-w-full text-left text-xs" aria-label="Preview">
                  <thead>
                    <tr>
                      <th className="pr-3">Line</th>
                      {preview.idColumn ? <th className="pr-3">{preview.idColumn}</th> : null}
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
                        {preview.idColumn ? <td className="pr-3">{r.id}</td> : null}
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
                  disabled={busy || preview.errorCount > 0 || importable <= 0}
                  onClick={() => void start()}
                  className="rounded bg-indigo-600 px-3 py-1 font-medium text-white disabled:opacity-50"
                >
                  Import {Math.max(0, importable)} applications
                </button>
                <button
                  type="button"
                  disabled={busy || preview.errorCount > 0 || preview.validRows === 0}
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
