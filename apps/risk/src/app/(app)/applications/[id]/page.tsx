import { ZApplicationIdInput } from '@platform/finance';
import { ContributionChart, DecisionForm } from '@platform/finance/ui';
import { Badge, Card, DataTable, EmptyState, ErrorState, PageHeader, Stat, type TColumn } from '@platform/ui';
import { serverCaller } from '../../../../server/router';
import { decideAction } from './actions';

const REC_TONE = { approve: 'green', decline: 'red', refer: 'amber' } as const;
const dm = (v: number) => `${v.toLocaleString('en-GB', { maximumFractionDigits: 0 })} DM`;

export default async function ApplicationPage({ params }: { params: Promise<{ id: string }> }) {
  const parsed = ZApplicationIdInput.safeParse({ id: (await params).id });
  if (!parsed.success) return <ErrorState title="No such application">The address does not name an application.</ErrorState>;
  const caller = await serverCaller();
  const [review, history] = await Promise.all([caller.finance.applications.get(parsed.data), caller.finance.applications.history(parsed.data)]);
  const score = review.score;
  type THistory = (typeof history)[number];
  const historyColumns: TColumn<THistory>[] = [
    { key: 'at', header: 'When (UTC)', cell: (d) => d.decidedAt.toISOString().replace('T', ' ').slice(0, 19) },
    { key: 'outcome', header: 'Decision', cell: (d) => <Badge tone={REC_TONE[d.outcome]}>{d.outcome}</Badge> },
    { key: 'override', header: 'Override', cell: (d) => (d.isOverride ? <Badge tone="amber">override</Badge> : 'no') },
    { key: 'reason', header: 'Reason', cell: (d) => d.reason ?? '—' },
    { key: 'by', header: 'By', cell: (d) => d.decidedByEmail },
  ];
  return (
    <>
      <PageHeader
        back={{ href: '/applications', label: 'Applications' }} title={`Application ${review.reference}`} subtitle={`Status: ${review.status}. Source: ${review.source}.`} />
      {score ? (
        <div className="space-y-6">
          <div className="grid gap-4 sm:grid-cols-3 lg:grid-cols-6">
            <Stat label="Probability of default" value={<span data-testid="pd">{(score.pd * 100).toFixed(1)}%</span>} />
            <Stat label="Score" value={`${score.points} pts`} hint="600 at 50:1 odds, 20 points double the odds" />
            <Stat label="Grade" value={score.grade} />
            <Stat label="Exposure (EAD)" value={dm(score.exposure)} />
            <Stat label="Expected loss" value={dm(score.expectedLoss)} hint={`PD × LGD ${(score.lgd * 100).toFixed(0)}% × EAD`} />
            <Stat label="Recommendation" value={<Badge tone={REC_TONE[score.recommendation]}>{score.recommendation}</Badge>} />
          </div>
          <p className="text-sm text-slate-600" data-testid="scored-by">
            Scored {score.scoredAt.toISOString().replace('T', ' ').slice(0, 16)} UTC by {score.scoredBy.modelName} v{score.scoredBy.version}
            {score.servedBy
              ? `, served by ${score.servedBy.runtime} (${score.servedBy.executionProvider.toUpperCase()}).`
              : '. That version no longer serves: a new score will come from the current champion.'}
          </p>
          <div className="grid gap-6 lg:grid-cols-2">
            <Card title="Main reasons">
              {score.reasons.length === 0 ? (
                <p className="text-sm text-slate-600">No attribute raised the risk above the average applicant.</p>
              ) : (
                <ol className="list-decimal space-y-1 pl-5 text-sm" aria-label="Reason codes">
                  {score.reasons.map((r) => (
                    <li key={r.key} data-testid="reason-code">
                      {r.text} <span className="tabular-nums text-red-700">({r.points.toFixed(1)} pts)</span>
                    </li>
                  ))}
                </ol>
              )}
            </Card>
            <Card title="Decide">
              <DecisionForm applicationId={review.id} recommendation={score.recommendation} action={decideAction} />
            </Card>
          </div>
          <Card title="How the score adds up">
            <ContributionChart basePoints={score.basePoints} contributions={score.contributions} score={score.points} />
          </Card>
        </div>
      ) : (
        <EmptyState title="Not scored yet">This application has no score from the champion model.</EmptyState>
      )}
      <div className="mt-6 grid gap-6 lg:grid-cols-2">
        <Card title="Applicant">
          <dl className="grid grid-cols-2 gap-x-4 gap-y-1 text-sm">
            {review.attributes.map((a) => (
              <div key={a.key} className="contents">
                <dt className="text-slate-500">{a.label}</dt>
                <dd>{a.value}</dd>
              </div>
            ))}
          </dl>
        </Card>
        <Card title="Decision history">
          {history.length === 0 ? <EmptyState title="No decision yet" /> : <DataTable caption="Decision history" columns={historyColumns} rows={history} rowKey={(d) => d.id} />}
        </Card>
      </div>
    </>
  );
}
