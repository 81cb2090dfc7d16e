import { ComputeRatesForm, formatCount, formatDm } from '@platform/strategy/ui';
import { Card, DataTable, EmptyState, PageHeader } from '@platform/ui';
import { serverCaller } from '../../../server/router';
import { updateComputeRatesAction } from '../initiatives/actions';

export default async function ComputePage() {
  const caller = await serverCaller();
  const portfolio = await caller.strategy.portfolio();
  const { rates, computeByApp } = portfolio;
  return (
    <>
      <PageHeader title="Measured compute" subtitle="CPU and GPU seconds the job system recorded for every job run, priced at these rates and charged to the initiative of each app." />
      <div className="mb-6">
        <Card title="Rates">
          <ComputeRatesForm cpuHourRate={rates.cpuHourRate} gpuHourRate={rates.gpuHourRate} action={updateComputeRatesAction} />
          {rates.configured ? null : <p className="mt-2 text-xs text-slate-500">These are the default rates: no executive has set them yet.</p>}
        </Card>
      </div>
      <Card title="By app, all time">
        {computeByApp.length === 0 ? (
          <EmptyState title="No job has run yet" />
        ) : (
          <DataTable
            caption="Measured compute by app"
            rowKey={(r) => r.app}
            rows={computeByApp}
            columns={[
              { key: 'app', header: 'App', cell: (r) => r.app },
              { key: 'initiative', header: 'Charged to', cell: (r) => r.initiative ?? 'no initiative (not in any initiative’s cost)' },
              { key: 'runs', header: 'Finished runs', align: 'right', cell: (r) => formatCount(r.runs) },
              { key: 'cpu', header: 'CPU seconds', align: 'right', cell: (r) => r.cpuSeconds.toFixed(2) },
              { key: 'gpu', header: 'GPU seconds', align: 'right', cell: (r) => r.gpuSeconds.toFixed(2) },
              { key: 'wall', header: 'Wall seconds', align: 'right', cell: (r) => r.wallSeconds.toFixed(2) },
              { key: 'cost', header: 'Cost', align: 'right', cell: (r) => formatDm(r.cost) },
            ]}
          />
        )}
        <p className="mt-2 text-xs text-slate-500">
          CPU seconds are the worker process’s CPU time (user + system) around each run’s handler. Node cannot read GPU busy time, so a run on a GPU backend is charged its wall time as GPU seconds; runs on CPU backends record 0 GPU seconds. An attempt whose worker was killed is not recorded. An initiative counts the runs that finished inside its horizon.
        </p>
      </Card>
    </>
  );
}
