import { applicantTemplateCsv, describeApplicantColumns } from '@platform/finance/ui';
import { Card, PageHeader } from '@platform/ui';
import { ImportPanel } from './import-panel';

export default function ImportPage() {
  const guide = describeApplicantColumns();
  const template = `data:text/csv;charset=utf-8,${encodeURIComponent(applicantTemplateCsv())}`;
  return (
    <>
      <PageHeader
        back={{ href: '/applications', label: 'Applications' }}
        title="Import applications"
        subtitle="Columns are matched to the codebook attributes; cells may hold the named value, the codebook code (A11) or the label. Every row must be valid: the import is all or nothing."
      />
      <div className="space-y-6">
        <Card title="Upload">
          <ImportPanel />
        </Card>
        <Card title="Expected columns">
          <p className="mb-3 text-sm text-slate-600">
            One row per applicant, one column per attribute below (any order, any extra columns; an ID column of your own is carried into the results).{' '}
            <a href={template} download="applications-template.csv" className="font-medium text-indigo-700 underline">
              Download a template CSV
            </a>{' '}
            with these headers and one example applicant.
          </p>
          <div className="overflow-x-auto">
            <table className="min-w-full text-left text-xs" aria-label="Expected columns">
              <thead>
                <tr>
                  <th className="pr-3">Column</th>
                  <th className="pr-3">Attribute</th>
                  <th className="pr-3">Type</th>
                  <th className="pr-3">Accepted values</th>
                  <th>Example</th>
                </tr>
              </thead>
              <tbody>
                {guide.map((g) => (
                  <tr key={g.column} className="border-t border-slate-100 align-top">
                    <td className="pr-3 font-mono">{g.column}</td>
                    <td className="pr-3">{g.label}</td>
                    <td className="pr-3">{g.type}</td>
                    <td className="pr-3">{g.accepted}</td>
                    <td className="font-mono">{g.example}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </Card>
      </div>
    </>
  );
}
