import { ZFinanceAuditInput } from '@platform/finance';
import { Badge, DataTable, EmptyState, ErrorState, PageHeader, type TColumn } from '@platform/ui';
import { serverCaller } from '../../../server/router';

type TSearch = Record<string, string | undefined>;
const OUTCOME_TONE = { success: 'green', denied: 'amber', error: 'red' } as const;

function summary(details: unknown): string {
  if (!details || typeof details !== 'object') return '';
  const d = details as Record<string, unknown>;
  const parts = [d.reference, d.outcome ? `→ ${String(d.outcome)}` : null, d.isOverride ? 'override' : null, d.reason ? `“${String(d.reason)}”` : null];
  return parts.filter((p) => p !== null && p !== undefined && p !== '').map(String).join(' ');
}

export default async function FinanceAuditPage({ searchParams }: { searchParams: Promise<TSearch> }) {
  const raw = await searchParams;
  const parsed = ZFinanceAuditInput.safeParse({ kind: raw.kind || undefined, cursor: raw.cursor || undefined, limit: 50 });
  if (!parsed.success) return <ErrorState title="Invalid filter">{parsed.error.issues.map((i) => i.message).join('; ')}</ErrorState>;
  const caller = await serverCaller();
  const page = await caller.finance.audit(parsed.data);
  type TRow = (typeof page.rows)[number];
  const columns: TColumn<TRow>[] = [
    { key: 'at', header: 'Time (UTC)', cell: (r) => r.at.toISOString().replace('T', ' ').slice(0, 19) },
    { key: 'who', header: 'Who', cell: (r) => r.actorEmail ?? 'anonymous' },
    { key: 'action', header: 'Action', cell: (r) => <code className="text-xs">{r.action}</code> },
    { key: 'target', header: 'Application', cell: (r) => (r.targetId ? <a className="text-indigo-700 underline" href={`/applications/${r.targetId}`}>{r.targetId.slice(0, 8)}</a> : '—') },
    { key: 'details', header: 'Details', cell: (r) => summary(r.details) },
    { key: 'outcome', header: 'Outcome', cell: (r) => <Badge tone={OUTCOME_TONE[r.outcome]}>{r.outcome}</Badge> },
  ];
  const next = page.nextCursor ? new URLSearchParams({ ...(raw.kind ? { kind: raw.kind } : {}), cursor: page.nextCursor }) : null;
  return (
    <>
      <PageHeader title="Finance audit" subtitle="Decisions and reads of applications in the risk app, newest first." />
      <form method="get" className="mb-4 flex gap-3 text-sm" aria-label="Filter audit">
        <select name="kind" defaultValue={raw.kind ?? 'all'} aria-label="Actions" className="rounded border border-slate-300 px-2 py-1">
          <option value="all">All finance actions</option>
          <option value="decisions">Decisions</option>
          <option value="reads">Application reads</option>
        </select>
        <button type="submit" className="rounded bg-indigo-600 px-3 py-1 font-medium text-white">Filter</button>
      </form>
      {page.rows.length === 0 ? <EmptyState title="No finance actions yet" /> : <DataTable caption="Finance audit" columns={columns} rows={page.rows} rowKey={(r) => r.id} />}
      {next ? (
        <a className="mt-4 inline-block text-sm text-indigo-700 underline" href={`?${next.toString()}`}>
          Older entries →
        </a>
      ) : null}
    </>
  );
}
