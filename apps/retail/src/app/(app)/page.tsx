import { OverviewSections } from '@platform/api/next';
import { PageHeader } from '@platform/ui';
import { serverCaller } from '../../server/router';

export default async function RetailHome() {
  const caller = await serverCaller();
  const [me, overview] = await Promise.all([caller.platform.me(), caller.platform.overview()]);
  return (
    <>
      <PageHeader title={`Welcome, ${me.name}`} subtitle="Demand forecasts, inventory plans and recommendations." />
      <OverviewSections overview={overview} modelsTitle="Forecasting and recommendation models" />
    </>
  );
}
