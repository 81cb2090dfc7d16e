import { OverviewSections } from '@platform/api/next';
import { PageHeader } from '@platform/ui';
import { serverCaller } from '../../server/router';

export default async function RiskHome() {
  const caller = await serverCaller();
  const [me, overview] = await Promise.all([caller.platform.me(), caller.platform.overview()]);
  return (
    <>
      <PageHeader title={`Welcome, ${me.name}`} subtitle="Credit-risk scoring, review and monitoring." />
      <OverviewSections overview={overview} modelsTitle="Credit-risk models" />
    </>
  );
}
