import { VerifyDataPanel } from '@platform/api/client';
import { Card, ErrorState, PageHeader } from '@platform/ui';
import { serverCaller } from '../../../../server/router';

export default async function JobsPage() {
  const caller = await serverCaller();
  const me = await caller.platform.me();
  if (me.role !== 'admin') return <ErrorState title="Administrators only">Platform jobs are run by administrators.</ErrorState>;
  const jobs = await caller.platform.jobs.list();
  return (
    <>
      <PageHeader title="Background jobs" subtitle="Work that runs on the job workers (pg-boss on PostgreSQL), with live progress." />
      <Card title="Data integrity">
        <p className="mb-4 text-sm text-slate-600">
          Checks every public data set the platform uses against its published SHA-256 checksums.
        </p>
        <VerifyDataPanel recentJobIds={jobs.filter((j) => j.kind === 'platform.verify-data').map((j) => j.id)} />
      </Card>
    </>
  );
}
