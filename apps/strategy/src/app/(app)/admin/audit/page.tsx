import { Badge, DataTable, EmptyState, ErrorState, PageHeader, type TColumn } from '@platform/ui';
import { ZAuditListInput } from '@platform/api';
import { serverCaller } from '../../../../server/router';

type TSearch = Record<string, string | undefined>;

const OUTCOME_TONE = { success: 'green', denied: 'amber', error: 'red' } as const;

export default async function AuditPage({ searchParams }: { searchParams: Promise<TSearch> }) {
  const caller = await serverCaller();
  const me = await caller.platform.me();
  if (me.role !== 'admin') return <ErrorState title="Administrators only">The audit log is open to administrators.</ErrorState>;
  const raw = await searchParams;
  const parsed = ZAuditListInput.safeParse({
    actorEmail: raw.actorEmail || undefined,
    action: raw.action || undefined,
    outcome: raw.outcome || undefined,
    app: raw.app || undefined,
    from: raw.from || undefined,
    to: raw.to || undefined,
    cursor: raw.cursor || undefined,
    limit: 50,
  });
  if (!parsed.success) {
    return <ErrorState title="Invalid filter">{parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}</ErrorState>;
  }
  const page = await caller.platform.audit.list(parsed.data);
  type TRow = (typeof page.rows)[number];
  const columns: TColumn<TRow>[] = [
    { key: 'at', header: 'Time (UTC)', cell: (r) => r.at.toISOString().replace('T', ' ').slice(0, 19) },
    { key: 'who', header: 'Who', cell: (r) => r.actorEmail ?? 'anonymous' },
    { key: 'role', header: 'Role', cell: (r) => r.role ?? '—' },
    { key: 'app', header: 'App', cell: (r) => r.app },
    { key: 'action', header: 'Action', cell: (r) => <code className="text-xs">{r.action}</code> },
    { key: 'target', header: 'Target', cell: (r) => `${r.target}${r.targetId ? ` ${r.targetId.slice(0, 8)}` : ''}` },
    { key: 'outcome', header: 'Outcome', cell: (r) => <Badge tone={OUTCOME_TONE[r.outcome]}>{r.outcome}</Badge> },
  ];
  const next = new URLSearchParams(Object.entries({ ...raw, cursor: page.nextCursor }).filter((e): e is [string, string] => Boolean(e[1])));
  return (
    <>
      <PageHeader title="Audit log" subtitle="Every change and every read of a sensitive record, newest first." />
      <form className="mb-4 grid gap-3 rounded-lg border border-slate-200 bg-white p-4 text-sm sm:grid-cols-6" method="get">
        <input name="actorEmail" defaultValue={raw.actorEmail} placeholder="User email" className="rounded border border-slate-300 px-2 py-1" />
        <input name="action" defaultValue={raw.action} placeholder="Action" className="rounded border border-slate-300 px-2 py-1" />
        <select name="outcome" defaultValue={raw.outcome ?? ''} className="rounded border border-slate-300 px-2 py-1" aria-label="Outcome">
          <option value="">Any outcome</option>
          <option value="success">success</option>
          <option value="denied">denied</option>
          <option value="error">error</option>
        </select>
        <select name="app" defaultValue={raw.app ?? ''} className="rounded border border-slate-300 px-2 py-1" aria-label="App">
          <option value="">Any app</option>
          <option value="strategy">strategy</option>
          <option value="risk">risk</option>
          <option value="imaging">imaging</option>
          <option value="retail">retail</option>
        </select>
        <input name="from" type="date" defaultValue={raw.from} aria-label="From" className="rounded border border-slate-300 px-2 py-1" />
        <button type="submit" className="rounded bg-indigo-600 px-3 py-1 font-medium text-white">Filter</button>
      </form>
      {page.rows.length === 0 ? (
        <EmptyState title="No audit rows match" />
      ) : (
        <DataTable caption="Audit log" columns={columns} rows={page.rows} rowKey={(r) => r.id} />
      )}
      {page.nextCursor ? (
        <a className="mt-4 inline-block text-sm text-indigo-700 underline" href={`?${next.toString()}`}>
          Older entries →
        </a>
      ) : null}
    </>
  );
}
