import { VerifyDataPanel } from '@platform/api/client';
import { JOB_STATUSES, ZJobHistoryInput } from '@platform/api';
import { Badge, Card, DataTable, EmptyState, ErrorState, PageHeader, ProgressBar, type TColumn } from '@platform/ui';
import { serverCaller } from '../../../../server/router';

type TSearch = Record<string, string | undefined>;

const STATUS_TONE = { queued: 'slate', running: 'indigo', succeeded: 'green', failed: 'red', cancelled: 'amber' } as const;
const APPS = ['strategy', 'risk', 'imaging', 'retail'] as const;
const PAGE_SIZE = 25;
const utc = (d: Date | null) => (d ? d.toISOString().replace('T', ' ').slice(0, 19) : '—');
/** Date over time, so the two time columns stay narrow (the text still reads "YYYY-MM-DD hh:mm:ss"). */
const When = ({ at }: { at: Date | null }) =>
  at ? (
    <span className="whitespace-nowrap tabular-nums">
      <span className="block">{utc(at).slice(0, 10)}</span> <span>{utc(at).slice(11)}</span>
    </span>
  ) : (
    <>—</>
  );

function formatDuration(ms: number | null): string {
  if (ms === null) return '—';
  if (ms < 1000) return `${ms} ms`;
  const s = ms / 1000;
  if (s < 60) return `${s.toFixed(1)} s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m} min ${String(Math.round(s % 60)).padStart(2, '0')} s`;
  return `${Math.floor(m / 60)} h ${String(m % 60).padStart(2, '0')} min`;
}

export default async function JobsPage({ searchParams }: { searchParams: Promise<TSearch> }) {
  const caller = await serverCaller();
  const me = await caller.platform.me();
  if (me.role !== 'admin') return <ErrorState title="Administrators only">Platform jobs are run by administrators.</ErrorState>;
  const raw = await searchParams;
  const parsed = ZJobHistoryInput.safeParse({ status: raw.status || undefined, app: raw.app || undefined, cursor: raw.cursor || undefined, limit: PAGE_SIZE });
  const [recent, history] = await Promise.all([caller.platform.jobs.list(), parsed.success ? caller.platform.jobs.history(parsed.data) : null]);
  type TRow = NonNullable<typeof history>['rows'][number];
  const columns: TColumn<TRow>[] = [
    {
      key: 'job',
      header: 'Job',
      cell: (j) => (
        <div className="min-w-36">
          <span className="font-medium">{j.title}</span>
          <code className="block text-xs text-slate-500">{j.kind}</code>
        </div>
      ),
    },
    { key: 'app', header: 'App', cell: (j) => j.app },
    { key: 'status', header: 'Status', cell: (j) => <Badge tone={STATUS_TONE[j.status]}>{j.status}</Badge> },
    {
      key: 'started',
      header: 'Started (UTC)',
      cell: (j) => (j.startedAt ? <When at={j.startedAt} /> : <span className="text-slate-500">{`not yet (queued ${utc(j.createdAt)})`}</span>),
    },
    { key: 'finished', header: 'Finished (UTC)', cell: (j) => <When at={j.finishedAt} /> },
    { key: 'duration', header: 'Duration', align: 'right', cell: (j) => <span className="whitespace-nowrap">{formatDuration(j.durationMs)}</span> },
    { key: 'by', header: 'Started by', cell: (j) => j.createdByEmail ?? 'system' },
    {
      key: 'progress',
      header: 'Progress',
      cell: (j) => (
        <div className="w-28">
          <ProgressBar value={j.progress} label={j.message ?? (j.status === 'queued' ? 'Waiting for a worker' : j.status)} tone={j.status === 'failed' ? 'red' : j.status === 'succeeded' ? 'green' : 'indigo'} />
          {j.attempts > 1 ? <span className="text-xs text-slate-500">{j.attempts} attempts</span> : null}
        </div>
      ),
    },
    { key: 'error', header: 'Error', cell: (j) => (j.error ? <p className="min-w-48 max-w-xs whitespace-pre-wrap break-words text-xs text-red-700">{j.error}</p> : '—') },
  ];
  const older = history?.nextCursor
    ? new URLSearchParams(Object.entries({ status: raw.status, app: raw.app, cursor: history.nextCursor }).filter((e): e is [string, string] => Boolean(e[1])))
    : null;
  const field = 'rounded border border-slate-300 px-2 py-1';
  return (
    <>
      <PageHeader title="Background jobs" subtitle="Work that runs on the job workers (pg-boss on PostgreSQL): every app's jobs, newest first, with live progress for the ones you start here." />
      <Card title="Data integrity">
        <p className="mb-4 text-sm text-slate-600">Checks every public data set the platform uses against its published SHA-256 checksums.</p>
        <VerifyDataPanel recentJobIds={recent.filter((j) => j.kind === 'platform.verify-data').map((j) => j.id)} />
      </Card>
      <div className="mt-6">
        <Card title="Job history">
          <form method="get" aria-label="Job filter" className="mb-4 flex flex-wrap items-end gap-3 text-sm">
            <label className="flex flex-col">
              <span className="text-xs text-slate-500">Status</span>
              <select name="status" defaultValue={raw.status ?? ''} className={field}>
                <option value="">Any status</option>
                {JOB_STATUSES.map((s) => (
                  <option key={s} value={s}>
                    {s}
                  </option>
                ))}
              </select>
            </label>
            <label className="flex flex-col">
              <span className="text-xs text-slate-500">App</span>
              <select name="app" defaultValue={raw.app ?? ''} className={field}>
                <option value="">Any app</option>
                {APPS.map((a) => (
                  <option key={a} value={a}>
                    {a}
                  </option>
                ))}
              </select>
            </label>
            <button type="submit" className="rounded bg-indigo-600 px-3 py-1 font-medium text-white">
              Filter
            </button>
          </form>
          {!parsed.success || !history ? (
            <ErrorState title="Invalid filter">{parsed.success ? null : parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}</ErrorState>
          ) : history.rows.length === 0 ? (
            <EmptyState title="No jobs match">Imports, training, re-scoring and data checks appear here once they are started.</EmptyState>
          ) : (
            <DataTable caption="Job history" columns={columns} rows={history.rows} rowKey={(j) => j.id} />
          )}
          {older ? (
            <a className="mt-4 inline-block text-sm text-indigo-700 underline" href={`?${older.toString()}`}>
              Older jobs →
            </a>
          ) : null}
        </Card>
      </div>
    </>
  );
}
