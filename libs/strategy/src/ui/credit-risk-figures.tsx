// The credit-risk KPIs for executives: volume, decisions by outcome, overrides and expected loss avoided.
import { Card, DataTable, EmptyState, Stat, type TColumn } from '@platform/ui';
import { formatCount, formatDm, formatShare, formatUtcDay } from './format';

/** What finance.kpis returns, as far as this view reads it (strategy may not import the finance lib). */
export interface TCreditRiskKpis {
  from: Date;
  to: Date;
  applicationsScored: number;
  decisions: { approve: number; decline: number; refer: number; total: number };
  overrideRate: number;
  expectedLossAvoided: number;
  expectedLossIfAllApproved: number;
}

const OUTCOMES = [
  { key: 'approve', label: 'Approved' },
  { key: 'decline', label: 'Declined' },
  { key: 'refer', label: 'Referred' },
] as const;

type TOutcomeRow = { key: string; label: string; count: number; share: number };

const OUTCOME_COLUMNS: TColumn<TOutcomeRow>[] = [
  { key: 'outcome', header: 'Outcome', cell: (r) => r.label },
  { key: 'count', header: 'Applications', align: 'right', cell: (r) => <span data-testid={`decisions-${r.key}`}>{formatCount(r.count)}</span> },
  { key: 'share', header: 'Share of decisions', align: 'right', cell: (r) => formatShare(r.share) },
];

export function CreditRiskFigures({ kpis }: { kpis: TCreditRiskKpis }) {
  const { decisions } = kpis;
  const period = `${formatUtcDay(kpis.from)} – ${formatUtcDay(kpis.to)}`;
  if (kpis.applicationsScored === 0 && decisions.total === 0) {
    return (
      <EmptyState title="Nothing scored or decided in this period">
        No credit application was scored or decided between {period} (UTC). Choose a longer period to see figures.
      </EmptyState>
    );
  }
  const rows: TOutcomeRow[] = OUTCOMES.map((o) => ({ ...o, count: decisions[o.key], share: decisions.total === 0 ? 0 : decisions[o.key] / decisions.total }));
  return (
    <div className="space-y-6">
      <div className="grid gap-4 sm:grid-cols-2 lg:grid-cols-4">
        <Stat label="Applications scored" value={formatCount(kpis.applicationsScored)} hint="Applications the model scored in the period" />
        <Stat label="Decisions" value={formatCount(decisions.total)} hint="Applications decided in the period (the latest decision counts)" />
        {decisions.total > 0 ? (
          <>
            <Stat label="Override rate" value={formatShare(kpis.overrideRate)} hint="Decisions that went against the model's recommendation" />
            <Stat label="Expected loss avoided" value={formatDm(kpis.expectedLossAvoided)} hint="Versus approving everyone: the expected loss of the declined applications" />
          </>
        ) : null}
      </div>
      {decisions.total === 0 ? (
        <EmptyState title="No decisions in this period">
          {formatCount(kpis.applicationsScored)} application{kpis.applicationsScored === 1 ? ' was' : 's were'} scored between {period} (UTC), but none was
          approved, declined or referred, so there is no override rate and no loss avoided to report.
        </EmptyState>
      ) : (
        <div className="grid gap-6 lg:grid-cols-2">
          <Card title="Decisions by outcome">
            <DataTable caption="Decisions by outcome" columns={OUTCOME_COLUMNS} rows={rows} rowKey={(r) => r.key} />
          </Card>
          <Card title="Expected loss">
            <dl className="space-y-3 text-sm">
              <div className="flex justify-between gap-4">
                <dt className="text-slate-600">Avoided by declining</dt>
                <dd className="font-medium tabular-nums">{formatDm(kpis.expectedLossAvoided)}</dd>
              </div>
              <div className="flex justify-between gap-4">
                <dt className="text-slate-600">Had every scored application been approved</dt>
                <dd className="font-medium tabular-nums" data-testid="expected-loss-all-approved">
                  {formatDm(kpis.expectedLossIfAllApproved)}
                </dd>
              </div>
            </dl>
            <p className="mt-3 text-xs text-slate-500">
              Expected loss is probability of default × loss given default × credit amount, from the score each decision was made on.
            </p>
          </Card>
        </div>
      )}
      <p className="text-xs text-slate-500">
        Amounts are in Deutsche Mark (DM), the currency of the German Credit data the applications come from; they are not converted. Period{' '}
        {period}, UTC.
      </p>
    </div>
  );
}
