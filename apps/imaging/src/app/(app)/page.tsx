import { OverviewSections } from '@platform/api/next';
import { PageHeader } from '@platform/ui';
import { serverCaller } from '../../server/router';

export default async function ImagingHome() {
  const caller = await serverCaller();
  const [me, overview] = await Promise.all([caller.platform.me(), caller.platform.overview()]);
  return (
    <>
      <PageHeader title={`Welcome, ${me.name}`} subtitle="AI-triaged worklist, assisted reading and signed reports." />
      <OverviewSections overview={overview} modelsTitle="Diagnostic models" />
    </>
  );
}
