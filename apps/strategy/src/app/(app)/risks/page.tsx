import { RiskForm, RiskHeatMap } from '@platform/strategy/ui';
import { Badge, Card, DataTable, EmptyState, PageHeader } from '@platform/ui';
import { serverCaller } from '../../../server/router';
import { createRiskAction, updateRiskStatusAction } from './actions';

const day = (d: Date) => d.toISOString().slice(0, 10);
const STATUS_TONE = { open: 'red', mitigating: 'amber', closed: 'green' } as const;

export default async function RisksPage() {
  const caller = await serverCaller();
  const [{ risks, heatMap }, initiatives] = await Promise.all([caller.strategy.risks.list(), caller.strategy.initiatives.list()]);
  const inThreeMonths = day(new Date(Date.now() + 90 * 86_400_000));
  return (
    <>
      <PageHeader title="Risk register" subtitle="Technical, market and legal risks of the AI portfolio: likelihood × impact, owner, mitigation, status and review date." />
      <div className="mb-6 grid gap-4 lg:grid-cols-[auto_1fr]">
        <Card title="Heat map">
          <RiskHeatMap heatMap={heatMap} />
        </Card>
        <Card title="Raise a risk">
          <RiskForm initiatives={initiatives} defaultReviewDate={inThreeMonths} action={createRiskAction} />
        </Card>
      </div>
      <Card title="Register">
        {risks.length === 0 ? (
          <EmptyState title="No risks recorded yet" />
        ) : (
          <DataTable
            caption="Risk register"
            rowKey={(r) => r.id}
            rows={risks}
            columns={[
              { key: 'score', header: 'Score', align: 'right', cell: (r) => <span data-testid="risk-score">{r.score}</span> },
              { key: 'title', header: 'Risk', cell: (r) => r.title },
              { key: 'cat', header: 'Category', cell: (r) => r.category },
              { key: 'li', header: 'L × I', cell: (r) => `${r.likelihood} × ${r.impact}` },
              { key: 'init', header: 'Initiative', cell: (r) => r.initiativeName ?? '—' },
              { key: 'owner', header: 'Owner', cell: (r) => r.owner },
              { key: 'mit', header: 'Mitigation', cell: (r) => r.mitigation },
              { key: 'review', header: 'Review', cell: (r) => (r.status !== 'closed' && r.reviewDate < new Date() ? <Badge tone="red">{`overdue ${day(r.reviewDate)}`}</Badge> : day(r.reviewDate)) },
              {
                key: 'status',
                header: 'Status',
                cell: (r) => (
                  <form action={updateRiskStatusAction} className="flex items-center gap-1">
                    <Badge tone={STATUS_TONE[r.status]}>{r.status}</Badge>
                    {(['id', 'title', 'category', 'likelihood', 'impact', 'owner', 'mitigation'] as const).map((k) => (
                      <input key={k} type="hidden" name={k} value={String(r[k])} />
                    ))}
                    <input type="hidden" name="reviewDate" value={day(r.reviewDate)} />
                    <input type="hidden" name="initiativeId" value={r.initiativeId ?? ''} />
                    <select name="status" defaultValue={r.status} aria-label={`Status of ${r.title}`} className="rounded border border-slate-300 px-1 text-xs">
                      <option value="open">open</option>
                      <option value="mitigating">mitigating</option>
                      <option value="closed">closed</option>
                    </select>
                    <button type="submit" className="text-xs text-indigo-700 underline">
                      Set
                    </button>
                  </form>
                ),
              },
            ]}
          />
        )}
      </Card>
    </>
  );
}
