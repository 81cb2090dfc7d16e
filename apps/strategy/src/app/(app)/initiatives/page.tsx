import { formatDm, formatShare, formatSignedDm, formatYears, InitiativeForm } from '@platform/strategy/ui';
import { Badge, Card, DataTable, EmptyState, PageHeader } from '@platform/ui';
import { serverCaller } from '../../../server/router';
import { createInitiativeAction } from './actions';

export default async function InitiativesPage() {
  const caller = await serverCaller();
  const [portfolio, models] = await Promise.all([caller.strategy.portfolio(), caller.strategy.initiatives.models()]);
  const today = new Date().toISOString().slice(0, 10);
  return (
    <>
      <PageHeader title="Initiatives" subtitle="AI initiatives as investments: their costs (measured compute included), benefits and returns." />
      <div className="mb-6">
        {portfolio.initiatives.length === 0 ? (
          <EmptyState title="No initiatives yet">Add the first one below.</EmptyState>
        ) : (
          <DataTable
            caption="Initiatives"
            rowKey={(i) => i.id}
            rows={portfolio.initiatives}
            columns={[
              { key: 'name', header: 'Initiative', cell: (i) => <a href={`/initiatives/${i.id}`} className="text-indigo-700 underline">{i.name}</a> },
              { key: 'stage', header: 'Stage', cell: (i) => <Badge tone="indigo">{i.stage}</Badge> },
              { key: 'owner', header: 'Owner', cell: (i) => i.owner },
              { key: 'cost', header: 'Cost', align: 'right', cell: (i) => formatDm(i.totalCost) },
              { key: 'benefit', header: 'Benefit', align: 'right', cell: (i) => formatDm(i.totalBenefit) },
              { key: 'npv', header: 'NPV', align: 'right', cell: (i) => formatSignedDm(i.npv) },
              { key: 'roi', header: 'ROI', align: 'right', cell: (i) => (i.roi === null ? 'n/a' : formatShare(i.roi)) },
              { key: 'payback', header: 'Payback', align: 'right', cell: (i) => formatYears(i.paybackPeriods) },
            ]}
          />
        )}
      </div>
      <Card title="New initiative">
        <InitiativeForm
          submitLabel="Create initiative"
          action={createInitiativeAction}
          models={models}
          values={{ name: '', owner: '', vertical: null, app: null, stage: 'idea', startDate: today, horizonYears: 3, discountRatePct: 8, modelIds: [] }}
        />
      </Card>
    </>
  );
}
