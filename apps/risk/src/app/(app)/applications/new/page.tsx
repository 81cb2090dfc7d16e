import { NewApplicationForm } from '@platform/finance/ui';
import { Card, PageHeader } from '@platform/ui';
import { createApplicationAction } from './actions';

export default function NewApplicationPage() {
  return (
    <>
      <PageHeader
        back={{ href: '/applications', label: 'Applications' }} title="New application" subtitle="Every attribute of the German Credit codebook; the champion scorecard scores it as soon as it is saved." />
      <Card title="Applicant">
        <NewApplicationForm action={createApplicationAction} />
      </Card>
    </>
  );
}
