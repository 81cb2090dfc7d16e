import { OverviewSections } from '@platform/api/next';
import { formatDm, formatShare, formatSignedDm, formatYears } from '@platform/strategy/ui';
import { BarChart, Badge, Card, DataTable, EmptyState, PageHeader, Stat } from '@platform/ui';
import { serverCaller } from '../../server/router';

const LIVE_LABEL = { live: 'live', stale: 'stale', unavailable: 'unavailable', not_published: 'no KPIs published yet' } as const;
const LIVE_TONE = { live: 'green', stale: 'amber', unavailable: 'red', not_published: 'slate' } as const;

export default async function StrategyHome() {
  const caller = await serverCaller();
  const [me, overview, portfolio, models, register] = await Promise.all([caller.platform.me(), caller.platform.overview(), caller.strategy.portfolio(), caller.strategy.verticalModels(), caller.strategy.risks.list()]);
  const topRisks = register.risks.filter((r) => r.status !== 'closed').slice(0, 5);
  const { totals } = portfolio;
  const estimates = [...new Set(portfolio.initiatives.flatMap((i) => i.estimates.map((e) => `${i.name}: ${e}`)))];
  return (
    <>
      <PageHeader title={`Welcome, ${me.name}`} subtitle="The AI portfolio across credit risk, imaging and retail: what it costs, what it returns." />
      <div className="mb-4 grid gap-4 sm:grid-cols-4">
        <Stat label="Portfolio NPV" value={formatSignedDm(totals.npv)} hint="sum of the initiatives’ NPVs, each at its own rate" />
        <Stat label="Portfolio ROI" value={totals.roi === null ? 'n/a' : formatShare(totals.roi)} hint="(benefit − cost) / cost over the horizons" />
        <Stat label="Portfolio IRR" value={totals.irr.ok ? formatShare(totals.irr.rate) : 'n/a'} hint={totals.irr.ok ? 'on net flows by calendar year' : totals.irr.reason} />
        <Stat label="Portfolio payback" value={formatYears(totals.paybackYears)} hint="simple, on net flows by calendar year" />
        <Stat label="Ledger cost" value={formatDm(totals.ledgerCost)} hint="hardware, software, people, other" />
        <Stat label="Measured compute" value={formatDm(totals.compute)} hint="job seconds priced at the compute rates" />
        <Stat label="Benefits" value={formatDm(totals.benefit)} hint="risk-adjusted, live KPIs included" />
        <Stat label="Initiatives" value={portfolio.initiatives.length} hint={`${portfolio.byStage.idea} idea · ${portfolio.byStage.pilot} pilot · ${portfolio.byStage.production} production · ${portfolio.byStage.retired} retired`} />
      </div>
      <p className="mb-4 text-xs text-slate-500">
        NPV and IRR use the <code>financial</code> package (numpy convention: the first period’s flow is at t = 0, undiscounted). No portfolio discounted payback: the initiatives discount at different rates.
      </p>
      {estimates.length > 0 ? (
        <details className="mb-6 rounded-lg border border-amber-200 bg-amber-50 p-3 text-sm text-amber-900" data-testid="portfolio-estimates">
          <summary className="cursor-pointer font-medium">{estimates.length} parts of these totals are estimates</summary>
          <ul className="mt-1 list-disc pl-5">
            {estimates.map((e) => (
              <li key={e}>{e}</li>
            ))}
          </ul>
        </details>
      ) : null}

      <div className="mb-6">
        <Card title="Initiatives" actions={<a href="/initiatives" className="text-sm text-indigo-700 underline">Add or edit</a>}>
          {portfolio.initiatives.length === 0 ? (
            <EmptyState title="No initiatives yet" />
          ) : (
            <DataTable
              caption="Portfolio initiatives"
              rowKey={(i) => i.id}
              rows={portfolio.initiatives}
              columns={[
                { key: 'name', header: 'Initiative', cell: (i) => <a href={`/initiatives/${i.id}`} className="text-indigo-700 underline">{i.name}</a> },
                { key: 'stage', header: 'Stage', cell: (i) => <Badge tone="indigo">{i.stage}</Badge> },
                { key: 'live', header: 'Vertical KPIs', cell: (i) => (i.liveState ? <Badge tone={LIVE_TONE[i.liveState]}>{`${i.vertical}: ${LIVE_LABEL[i.liveState]}`}</Badge> : '—') },
                { key: 'cost', header: 'Cost', align: 'right', cell: (i) => formatDm(i.totalCost) },
                { key: 'compute', header: 'of which compute', align: 'right', cell: (i) => formatDm(i.compute) },
                { key: 'benefit', header: 'Benefit', align: 'right', cell: (i) => formatDm(i.totalBenefit) },
                { key: 'npv', header: 'NPV', align: 'right', cell: (i) => formatSignedDm(i.npv) },
                { key: 'roi', header: 'ROI', align: 'right', cell: (i) => (i.roi === null ? 'n/a' : formatShare(i.roi)) },
                { key: 'payback', header: 'Discounted payback', align: 'right', cell: (i) => formatYears(i.discountedPaybackPeriods) },
              ]}
            />
          )}
        </Card>
      </div>

      <div className="mb-6">
        <Card title="Top risks" actions={<a href="/risks" className="text-sm text-indigo-700 underline">Risk register</a>}>
          {topRisks.length === 0 ? (
            <EmptyState title="No open risks recorded" />
          ) : (
            <ul className="space-y-1 text-sm" data-testid="top-risks">
              {topRisks.map((r) => (
                <li key={r.id}>
                  <span className="inline-block w-8 text-right font-semibold tabular-nums">{r.score}</span> {r.title}{' '}
                  <span className="text-slate-500">
                    ({r.category}, {r.status}, owner {r.owner}
                    {r.initiativeName ? `, ${r.initiativeName}` : ''})
                  </span>
                </li>
              ))}
            </ul>
          )}
        </Card>
      </div>

      {portfolio.years.length > 0 ? (
        <div className="mb-6">
          <Card title="Cost and benefit by calendar year">
            <BarChart
              title="Portfolio cost and benefit by calendar year"
              xLabel="Year"
              yLabel="DM"
              series={[
                { key: 'cost', name: 'Cost' },
                { key: 'benefit', name: 'Benefit' },
              ]}
              data={portfolio.years.map((y) => ({ label: String(y.year), values: { cost: y.cost, benefit: y.benefit } }))}
              height={260}
              testId="portfolio-years"
              caption="Each initiative’s year k counted in the calendar year it starts; later years are plans and projections."
            />
          </Card>
        </div>
      ) : null}

      <div className="mb-6 grid gap-4 sm:grid-cols-3">
        {models.map((v) => (
          <Stat key={v.domain} label={`${v.title} models`} value={v.models} hint={`${v.champions} with a champion in production`} />
        ))}
      </div>
      <OverviewSections overview={overview} modelsTitle="Strategy models" />
    </>
  );
}
