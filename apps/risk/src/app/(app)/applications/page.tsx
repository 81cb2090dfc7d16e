import Link from 'next/link';
import { ZQueueInput } from '@platform/finance';
import { APPLICATION_STATUS, GRADES, LOAN_PURPOSE, describeValue } from '@platform/finance/ui';
import { Badge, DataTable, EmptyState, ErrorState, PageHeader, type TColumn } from '@platform/ui';
import { serverCaller } from '../../../server/router';

type TSearch = Record<string, string | undefined>;

const GRADE_TONE = { A: 'green', B: 'green', C: 'indigo', D: 'amber', E: 'red' } as const;
const STATUS_TONE = { pending: 'slate', approved: 'green', declined: 'red', referred: 'amber' } as const;

function num(v: string | undefined): number | undefined {
  return v === undefined || v === '' ? undefined : Number(v);
}

export default async function QueuePage({ searchParams }: { searchParams: Promise<TSearch> }) {
  const raw = await searchParams;
  const parsed = ZQueueInput.safeParse({
    sort: raw.sort || undefined,
    direction: raw.direction || undefined,
    grades: raw.grade ? [raw.grade] : undefined,
    purpose: raw.purpose || undefined,
    status: raw.status || undefined,
    minPd: num(raw.minPd),
    maxPd: num(raw.maxPd),
    minAmount: num(raw.minAmount),
    maxAmount: num(raw.maxAmount),
    cursor: raw.after && raw.afterId ? { value: raw.after, id: raw.afterId } : undefined,
    limit: 25,
  });
  if (!parsed.success) {
    return <ErrorState title="Invalid filter">{parsed.error.issues.map((i) => `${i.path.join('.') || 'filter'}: ${i.message}`).join('; ')}</ErrorState>;
  }
  const caller = await serverCaller();
  const page = await caller.finance.applications.queue(parsed.data);
  type TRow = (typeof page.rows)[number];
  const columns: TColumn<TRow>[] = [
    { key: 'ref', header: 'Application', cell: (r) => <Link className="text-indigo-700 underline" href={`/applications/${r.id}`}>{r.externalRef}</Link> },
    { key: 'purpose', header: 'Purpose', cell: (r) => describeValue({ key: 'purpose', value: r.purpose }) },
    { key: 'amount', header: 'Amount (DM)', align: 'right', cell: (r) => r.amount.toLocaleString('en-GB') },
    { key: 'duration', header: 'Months', align: 'right', cell: (r) => r.durationMonths },
    { key: 'pd', header: 'PD', align: 'right', cell: (r) => (r.pd === null ? '—' : `${(r.pd * 100).toFixed(1)}%`) },
    { key: 'points', header: 'Points', align: 'right', cell: (r) => r.points ?? '—' },
    { key: 'grade', header: 'Grade', cell: (r) => (r.grade ? <Badge tone={GRADE_TONE[r.grade as keyof typeof GRADE_TONE] ?? 'slate'}>{r.grade}</Badge> : '—') },
    { key: 'status', header: 'Status', cell: (r) => <Badge tone={STATUS_TONE[r.status]}>{r.status}</Badge> },
  ];
  const keep = Object.entries(raw).filter((e): e is [string, string] => Boolean(e[1]) && e[0] !== 'after' && e[0] !== 'afterId');
  const next = page.nextCursor ? new URLSearchParams([...keep, ['after', page.nextCursor.value], ['afterId', page.nextCursor.id]]) : null;
  const first = new URLSearchParams(keep);
  const select = 'rounded border border-slate-300 px-2 py-1';
  return (
    <>
      <PageHeader title="Applications" subtitle={`${page.total.toLocaleString('en-GB')} scored applications match. Highest probability of default first unless you sort otherwise.`} />
      <p className="mb-3 text-sm">
        <Link href="/applications/new" className="text-indigo-700 underline">
          + New application
        </Link>{' '}
        ·{' '}
        <Link href="/applications/import" className="text-indigo-700 underline">
          Import a CSV file
        </Link>
      </p>
      <form className="mb-4 grid gap-3 rounded-lg border border-slate-200 bg-white p-4 text-sm sm:grid-cols-4 lg:grid-cols-8" method="get" aria-label="Filter applications">
        <select name="grade" defaultValue={raw.grade ?? ''} className={select} aria-label="Grade">
          <option value="">Any grade</option>
          {GRADES.map((g) => (
            <option key={g} value={g}>Grade {g}</option>
          ))}
        </select>
        <select name="purpose" defaultValue={raw.purpose ?? ''} className={select} aria-label="Purpose">
          <option value="">Any purpose</option>
          {LOAN_PURPOSE.map((p) => (
            <option key={p} value={p}>{describeValue({ key: 'purpose', value: p })}</option>
          ))}
        </select>
        <select name="status" defaultValue={raw.status ?? ''} className={select} aria-label="Status">
          <option value="">Any status</option>
          {APPLICATION_STATUS.map((s) => (
            <option key={s} value={s}>{s}</option>
          ))}
        </select>
        <input name="minPd" type="number" step="0.01" min="0" max="1" defaultValue={raw.minPd} placeholder="Min PD (0–1)" aria-label="Minimum PD" className={select} />
        <input name="minAmount" type="number" min="0" defaultValue={raw.minAmount} placeholder="Min amount" aria-label="Minimum amount" className={select} />
        <select name="sort" defaultValue={raw.sort ?? 'pd'} className={select} aria-label="Sort by">
          <option value="pd">Sort by PD</option>
          <option value="amount">Sort by amount</option>
          <option value="points">Sort by points</option>
          <option value="createdAt">Sort by date</option>
        </select>
        <select name="direction" defaultValue={raw.direction ?? 'desc'} className={select} aria-label="Direction">
          <option value="desc">Descending</option>
          <option value="asc">Ascending</option>
        </select>
        <button type="submit" className="rounded bg-indigo-600 px-3 py-1 font-medium text-white">Apply</button>
      </form>
      {page.rows.length === 0 ? <EmptyState title="No applications match">Change or clear the filters.</EmptyState> : <DataTable caption="Applications" columns={columns} rows={page.rows} rowKey={(r) => r.id} />}
      <nav className="mt-4 flex gap-4 text-sm" aria-label="Pages">
        {raw.after ? (
          <a className="text-indigo-700 underline" href={`?${first.toString()}`}>
            ← First page
          </a>
        ) : null}
        {next ? (
          <a className="text-indigo-700 underline" href={`?${next.toString()}`}>
            Next page →
          </a>
        ) : null}
      </nav>
    </>
  );
}
