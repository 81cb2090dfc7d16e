import { Card, PageHeader } from '@platform/ui';
import { ImportPanel } from './import-panel';

export default function ImportPage() {
  return (
    <>
      <PageHeader
        back={{ href: '/applications', label: 'Applications' }}
        title="Import applications"
        subtitle="Columns are matched to the codebook attributes; cells may hold the named value, the codebook code (A11) or the label. Every row must be valid: the import is all or nothing."
      />
      <Card title="Upload">
        <ImportPanel />
      </Card>
    </>
  );
}
