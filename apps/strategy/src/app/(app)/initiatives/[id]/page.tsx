import { notFound } from 'next/navigation';
import { TRPCError } from '@trpc/server';
import type { TIrr, TKpiSourceState, TPeriodRow } from '@platform/strategy';
import { AddBenefitForm, AddCostForm, InitiativeForm, formatCount, formatDm, formatShare, formatSignedDm, formatUtcDay, formatYears } from '@platform/strategy/ui';
import { Badge, Card, DataTable, EmptyState, PageHeader, Stat, TornadoChart, WaterfallChart } from '@platform/ui';
import { serverCaller } from '../../../../server/router';
import { addBenefitAction, addCostAction, removeBenefitAction, removeCostAction, updateInitiativeAction } from '../actions';

type TSearch = Record<string, string | string[] | undefined>;
const single = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v);
const day = (d: Date) => d.toISOString().slice(0, 10);
const irrText = (irr: TIrr) => (irr.ok ? formatShare(irr.rate) : 'n/a');

function SourceState({ state }: { state: TKpiSourceState }) {
  switch (state.status) {
    case 'live':
      return <Badge tone="green">Live · read {state.readAt.toISOString().slice(11, 19)} UTC</Badge>;
    case 'stale':
      return <Badge tone="amber">Stale · last good reading {formatUtcDay(state.lastGoodAt)} {state.lastGoodAt.toISOString().slice(11, 19)} UTC</Badge>;
    case 'unavailable':
      return <Badge tone="red">Unavailable</Badge>;
    case 'not_published':
      return <Badge>No KPIs published yet</Badge>;
  }
}

const PERCENT_INPUT = (s: string | undefined, fallback: number) => {
  const n = Number(s);
  return s !== undefined && Number.isFinite(n) && n > 0 ? n / 100 : fallback;
};

export default async function InitiativePage({ params, searchParams }: { params: Promise<{ id: string }>; searchParams: Promise<TSearch> }) {
  const { id } = await params;
  const search = await searchParams;
  const caller = await serverCaller();
  const swing = Math.min(0.9, PERCENT_INPUT(single(search.swing), 0.2));
  const rateSwing = Math.min(0.5, PERCENT_INPUT(single(search.rateSwing), 0.02));
  let loaded;
  try {
    loaded = await Promise.all([caller.strategy.initiatives.appraisal({ id, swing, rateSwing }), caller.strategy.initiatives.ledger({ id }), caller.strategy.initiatives.models(), caller.strategy.initiatives.history({ id })]);
  } catch (error) {
    if (error instanceof TRPCError && (error.code === 'NOT_FOUND' || error.code === 'BAD_REQUEST')) notFound();
    throw error;
  }
  const [a, ledger, models, history] = loaded;
  const { initiative, appraisal, periods, compute, live, sensitivity } = a;
  const modelName = new Map(models.map((m) => [m.id, m.name]));
  const periodLabel = (p: TPeriodRow) => `Year ${p.index + 1}`;

  return (
    <>
      <PageHeader title={initiative.name} subtitle={`Owner: ${initiative.owner} · ${initiative.vertical ? `vertical ${initiative.vertical}` : 'no vertical'} · from ${formatUtcDay(initiative.startDate)} for ${initiative.horizonYears} years at ${formatShare(initiative.discountRate)} a year`} back={{ href: '/initiatives', label: 'Initiatives' }} />
      <p className="mb-4 flex gap-2">
        <Badge tone="indigo">{initiative.stage}</Badge>
        {initiative.app ? <Badge>compute of the {initiative.app} app</Badge> : null}
        {initiative.modelIds.map((m) => (
          <Badge key={m}>{modelName.get(m) ?? m}</Badge>
        ))}
      </p>

      <div className="mb-4 grid gap-4 sm:grid-cols-4">
        <Stat label="NPV" value={formatSignedDm(appraisal.npv)} hint={`at ${formatShare(initiative.discountRate)}`} />
        <Stat label="ROI" value={appraisal.roi === null ? 'n/a' : formatShare(appraisal.roi)} hint="(benefit − cost) / cost, undiscounted" />
        <Stat label="IRR" value={irrText(appraisal.irr)} hint={appraisal.irr.ok ? 'per year' : appraisal.irr.reason} />
        <Stat label="Payback" value={formatYears(appraisal.paybackPeriods)} hint={`discounted: ${formatYears(appraisal.discountedPaybackPeriods)}`} />
        <Stat label="Total cost" value={formatDm(appraisal.totalCost)} hint={`of which measured compute ${formatDm(compute.cost)}`} />
        <Stat label="Total benefit" value={formatDm(appraisal.totalBenefit)} hint="risk-adjusted: amount × confidence" />
        <Stat label="Measured compute" value={formatDm(compute.cost)} hint={`${formatCount(compute.runs)} job runs`} />
        <Stat label="Discounted payback" value={formatYears(appraisal.discountedPaybackPeriods)} />
      </div>
      <p className="mb-4 text-xs text-slate-500" data-testid="npv-convention">
        NPV and IRR are computed with the <code>financial</code> package (0.2.4), which follows numpy: the first period’s flow is at t = 0 and is not discounted (Excel’s NPV starts at t = 1). Periods are whole years from the start date; payback interpolates within the year that repays.
      </p>
      {a.estimates.length > 0 ? (
        <div className="mb-4 rounded-lg border border-amber-200 bg-amber-50 p-3 text-sm text-amber-900" data-testid="estimates">
          <p className="font-medium">Estimates in these figures</p>
          <ul className="list-disc pl-5">
            {a.estimates.map((e) => (
              <li key={e}>{e}</li>
            ))}
          </ul>
        </div>
      ) : null}

      <div className="mb-6 grid gap-4 lg:grid-cols-2">
        <Card title="Live from the vertical">
          {live ? (
            <div className="space-y-2 text-sm" data-testid="live-kpis">
              <p>
                <SourceState state={live.state} /> {live.source ? <span className="text-slate-500">from {live.source}</span> : null}
              </p>
              {live.state.status === 'not_published' ? <p>No KPIs published yet by the {live.vertical} vertical: its direct benefits are not counted until it publishes them.</p> : null}
              {live.state.status === 'unavailable' || live.state.status === 'stale' ? <p className="text-amber-800">{live.state.error}</p> : null}
              {live.formula ? <p className="text-slate-600">{live.formula}.</p> : null}
              {live.metrics.length > 0 ? (
                <dl className="grid grid-cols-2 gap-x-4">
                  {live.metrics.map((m) => (
                    <div key={m.key} className="contents">
                      <dt className="text-slate-600">{m.label} (since start)</dt>
                      <dd className="text-right tabular-nums">{m.unit === 'DM' ? formatDm(m.value) : m.unit === 'share' ? formatShare(m.value) : formatCount(m.value)}</dd>
                    </div>
                  ))}
                  <dt className="text-slate-600">Direct benefit measured to date</dt>
                  <dd className="text-right tabular-nums" data-testid="live-measured">{formatDm(live.measuredToDate)}</dd>
                  <dt className="text-slate-600">Projected for the rest of the horizon</dt>
                  <dd className="text-right tabular-nums">{formatDm(live.projectedRest)}</dd>
                </dl>
              ) : null}
              {live.notes.map((n) => (
                <p key={n} className="text-xs text-slate-500">
                  {n}
                </p>
              ))}
            </div>
          ) : (
            <p className="text-sm text-slate-600">No vertical: every benefit of this initiative is entered in the ledger.</p>
          )}
        </Card>
        <Card title="Measured compute">
          <dl className="grid grid-cols-2 gap-x-4 text-sm" data-testid="measured-compute">
            <dt className="text-slate-600">Charged app</dt>
            <dd className="text-right">{compute.app ?? 'none'}</dd>
            <dt className="text-slate-600">Job runs over the horizon</dt>
            <dd className="text-right tabular-nums">{formatCount(compute.runs)}</dd>
            <dt className="text-slate-600">CPU seconds</dt>
            <dd className="text-right tabular-nums" data-testid="compute-cpu-seconds">{compute.cpuSeconds.toFixed(2)}</dd>
            <dt className="text-slate-600">GPU seconds</dt>
            <dd className="text-right tabular-nums">{compute.gpuSeconds.toFixed(2)}</dd>
            <dt className="text-slate-600">Wall seconds</dt>
            <dd className="text-right tabular-nums">{compute.wallSeconds.toFixed(2)}</dd>
            <dt className="text-slate-600">Cost</dt>
            <dd className="text-right tabular-nums">{formatDm(compute.cost)}</dd>
          </dl>
          <p className="mt-2 text-xs text-slate-500">
            Recorded by the job system around each run (process CPU time; GPU seconds only for runs on a GPU backend, 0 on CPU backends), priced at {a.rates.cpuHourRate} DM per CPU-hour and {a.rates.gpuHourRate} DM per GPU-hour{a.rates.configured ? '' : ' (defaults)'}. <a className="text-indigo-700 underline" href="/compute">Rates</a>
          </p>
        </Card>
      </div>

      <div className="mb-6 grid gap-4 lg:grid-cols-2">
        <Card title="Net cash flow by year">
          <WaterfallChart
            title="Net cash flow by year and the total"
            xLabel="Period"
            yLabel="Net cash flow (DM)"
            steps={periods.map((p) => ({ label: periodLabel(p), value: p.totalBenefit - p.totalCost, tooltipLabel: `${periodLabel(p)}: ${day(p.from)} to ${day(new Date(p.to.getTime() - 86_400_000))}` }))}
            totalLabel="Total"
            testId="cash-flow-waterfall"
            caption="Each year floats from the running net total before it to after it (green adds, orange takes away); undiscounted."
          />
        </Card>
        <Card title="Sensitivity of NPV">
          <TornadoChart
            title="NPV sensitivity tornado"
            valueLabel="NPV (DM)"
            base={sensitivity.baseNpv}
            bars={sensitivity.bars.map((b) => ({ key: b.key, label: b.label, atLow: b.npvAtLow, lowLabel: b.lowLabel, atHigh: b.npvAtHigh, highLabel: b.highLabel }))}
            testId="npv-tornado"
            caption={`Each bar moves one assumption and keeps the others: orange at its low end, blue at its high end; dashed line: NPV ${formatSignedDm(sensitivity.baseNpv)}.`}
          />
          <form method="get" className="mt-2 flex items-end gap-2 text-sm" aria-label="Sensitivity ranges">
            <label>
              Benefit and cost swing (%)
              <input name="swing" type="number" min={1} max={90} defaultValue={Math.round(sensitivity.swing * 100)} className="ml-1 w-20 rounded border border-slate-300 px-2 py-1" />
            </label>
            <label>
              Rate swing (points)
              <input name="rateSwing" type="number" min={0.1} max={50} step={0.1} defaultValue={(sensitivity.rateSwing * 100).toFixed(1)} className="ml-1 w-20 rounded border border-slate-300 px-2 py-1" />
            </label>
            <button type="submit" className="rounded border border-slate-300 px-2 py-1">
              Update
            </button>
          </form>
        </Card>
      </div>

      <div className="mb-6">
        <Card title="Cash flows by period">
          <DataTable
            caption="Cash flows by period"
            rowKey={(p) => String(p.index)}
            rows={periods}
            columns={[
              { key: 'p', header: 'Period', cell: (p) => `${periodLabel(p)} (t = ${p.index}, from ${day(p.from)})` },
              { key: 'ledger', header: 'Ledger cost', align: 'right', cell: (p) => formatDm(p.totalCost - p.compute) },
              { key: 'compute', header: 'Measured compute', align: 'right', cell: (p) => formatDm(p.compute) },
              { key: 'manual', header: 'Ledger benefit (risk-adj.)', align: 'right', cell: (p) => formatDm(p.totalBenefit - p.liveBenefit) },
              { key: 'live', header: 'Live direct benefit', align: 'right', cell: (p) => (p.liveBenefitBasis === 'none' ? '—' : `${formatDm(p.liveBenefit)} (${p.liveBenefitBasis})`) },
              { key: 'net', header: 'Net', align: 'right', cell: (p) => formatSignedDm(appraisal.net[p.index] ?? 0) },
              { key: 'disc', header: 'Discounted net', align: 'right', cell: (p) => formatSignedDm(appraisal.discountedNet[p.index] ?? 0) },
              { key: 'cum', header: 'Cumulative discounted', align: 'right', cell: (p) => formatSignedDm(appraisal.cumulativeDiscountedNet[p.index] ?? 0) },
            ]}
          />
        </Card>
      </div>

      <div className="mb-6 grid gap-4 lg:grid-cols-2">
        <Card title="Costs" actions={<a href="/api/ledger-csv" className="text-sm text-indigo-700 underline">Export ledger (CSV)</a>}>
          {ledger.costs.length === 0 ? <EmptyState title="No costs yet" /> : (
            <DataTable
              caption="Costs"
              rowKey={(c) => c.id}
              rows={ledger.costs}
              columns={[
                { key: 'cat', header: 'Category', cell: (c) => c.category },
                { key: 'desc', header: 'Description', cell: (c) => c.description },
                { key: 'amount', header: 'Amount', align: 'right', cell: (c) => formatDm(c.amount) },
                { key: 'rec', header: 'Recurs', cell: (c) => `${c.recurrence.replace('_', '-')} from ${day(c.startDate)}${c.endDate ? ` to ${day(c.endDate)}` : ''}` },
                { key: 'x', header: '', cell: (c) => (
                  <form action={removeCostAction}>
                    <input type="hidden" name="id" value={c.id} />
                    <input type="hidden" name="initiativeId" value={initiative.id} />
                    <button type="submit" className="text-xs text-red-700 underline" aria-label={`Remove cost ${c.description}`}>Remove</button>
                  </form>
                ) },
              ]}
            />
          )}
          <div className="mt-4">
            <AddCostForm initiativeId={initiative.id} defaultStart={day(initiative.startDate)} action={addCostAction} />
          </div>
        </Card>
        <Card title="Benefits (entered)">
          {ledger.benefits.length === 0 ? <EmptyState title="No benefits entered yet" /> : (
            <DataTable
              caption="Benefits"
              rowKey={(b) => b.id}
              rows={ledger.benefits}
              columns={[
                { key: 'type', header: 'Type', cell: (b) => b.type.replace('_', '-') },
                { key: 'desc', header: 'Description', cell: (b) => b.description },
                { key: 'amount', header: 'Amount', align: 'right', cell: (b) => formatDm(b.amount) },
                { key: 'conf', header: 'Confidence', align: 'right', cell: (b) => formatShare(b.confidence) },
                { key: 'rec', header: 'Recurs', cell: (b) => `${b.recurrence.replace('_', '-')} from ${day(b.startDate)}${b.endDate ? ` to ${day(b.endDate)}` : ''}` },
                { key: 'x', header: '', cell: (b) => (
                  <form action={removeBenefitAction}>
                    <input type="hidden" name="id" value={b.id} />
                    <input type="hidden" name="initiativeId" value={initiative.id} />
                    <button type="submit" className="text-xs text-red-700 underline" aria-label={`Remove benefit ${b.description}`}>Remove</button>
                  </form>
                ) },
              ]}
            />
          )}
          <div className="mt-4">
            <AddBenefitForm initiativeId={initiative.id} defaultStart={day(initiative.startDate)} action={addBenefitAction} />
          </div>
        </Card>
      </div>

      <div className="mb-6">
        <Card title="Assumptions">
          <InitiativeForm
            submitLabel="Save assumptions"
            action={updateInitiativeAction}
            models={models}
            values={{ id: initiative.id, name: initiative.name, owner: initiative.owner, vertical: initiative.vertical, app: initiative.app, stage: initiative.stage, startDate: day(initiative.startDate), horizonYears: initiative.horizonYears, discountRatePct: Number((initiative.discountRate * 100).toFixed(4)), modelIds: initiative.modelIds }}
          />
        </Card>
      </div>

      <Card title="History">
        {history.length === 0 ? <EmptyState title="No changes recorded yet" /> : (
          <ul className="space-y-1 text-sm" data-testid="initiative-history">
            {history.map((h) => (
              <li key={h.id}>
                <span className="text-slate-500">{h.at.toISOString().slice(0, 16).replace('T', ' ')} UTC</span> · {h.actorEmail ?? 'system'} · <code>{h.action}</code>
                {h.action === 'strategy.initiative.update' ? <ChangedFields details={h.details} /> : null}
              </li>
            ))}
          </ul>
        )}
      </Card>
    </>
  );
}

/** The assumptions an edit changed, from the before/after its audit row keeps. */
function ChangedFields({ details }: { details: unknown }) {
  if (typeof details !== 'object' || details === null || !('before' in details) || !('after' in details)) return null;
  const before = details.before as Record<string, unknown>;
  const after = details.after as Record<string, unknown>;
  const changed = Object.keys(after).filter((k) => JSON.stringify(before[k]) !== JSON.stringify(after[k]));
  if (changed.length === 0) return <span className="text-slate-500"> (no change)</span>;
  return <span className="text-slate-700"> — {changed.map((k) => `${k}: ${JSON.stringify(before[k])} → ${JSON.stringify(after[k])}`).join('; ')}</span>;
}
