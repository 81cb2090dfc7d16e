import Link from 'next/link';
import { Card, PageHeader } from '@platform/ui';
import { ImportPanel } from './import-panel';

export default function ImportPage() {
  return (
    <>
      <p className="mb-2 text-sm">
        <Link href="/applications" className="text-indigo-700 underline">
          ← Applications
        </Link>
      </p>
      <PageHeader
        title="Import applications"
        subtitle="Columns are matched to the codebook attributes; cells may hold the named value, the codebook code (A11) or the label. Every row must be valid: the import is all or nothing."
      />
      <Card title="Upload">
        <ImportPanel />
      </Card>
    </>
  );
}
