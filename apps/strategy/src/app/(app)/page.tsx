import { OverviewSections } from '@platform/api/next';
import { Card, PageHeader, Stat } from '@platform/ui';
import { serverCaller } from '../../server/router';

export default async function StrategyHome() {
  const caller = await serverCaller();
  const [me, overview, portfolio] = await Promise.all([
    caller.platform.me(),
    caller.platform.overview(),
    caller.strategy.portfolio(),
  ]);
  return (
    <>
      <PageHeader title={`Welcome, ${me.name}`} subtitle="AI portfolio across credit risk, imaging and retail." />
      <div className="mb-6 grid gap-4 sm:grid-cols-3">
        {portfolio.map((v) => (
          <Stat key={v.domain} label={`${v.title} models`} value={v.models} hint={`${v.champions} with a champion in production`} />
        ))}
      </div>
      <Card title="Portfolio">
        <p className="text-sm text-slate-600">
          ROI, costs and benefits appear as each vertical publishes its KPIs. Numbers above are read live from the model registry.
        </p>
      </Card>
      <div className="mt-6">
        <OverviewSections overview={overview} modelsTitle="Strategy models" />
      </div>
    </>
  );
}
