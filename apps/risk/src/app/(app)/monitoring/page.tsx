import { DRIFT_WINDOW_DAYS, ZMonitoringInput } from '@platform/finance';
import { ATTRIBUTES, CalibrationChart, RocChart, ScoreDistributionChart } from '@platform/finance/ui';
import { Badge, Card, DataTable, EmptyState, ErrorState, PageHeader, Stat, type TColumn } from '@platform/ui';
import { serverCaller } from '../../../server/router';
import { promoteChallengerAction, restoreScorecardAction } from './actions';
import { ModelSwitchForm } from './model-switch-form';

const BAND_TONE = { stable: 'green', watch: 'amber', act: 'red' } as const;
const pct = (v: number) => (Number.isFinite(v) ? `${(v * 100).toFixed(1)}%` : '—');
const f3 = (v: number) => (Number.isFinite(v) ? v.toFixed(3) : '—');
const day = (d: Date) => d.toISOString().slice(0, 10);

type TSearch = Record<string, string | undefined>;

export default async function MonitoringPage({ searchParams }: { searchParams: Promise<TSearch> }) {
  const raw = await searchParams;
  const windowInput = ZMonitoringInput.safeParse({ days: raw.days ? Number(raw.days) : undefined, to: raw.to || undefined });
  const caller = await serverCaller();
  // A bad drift window is reported in the drift card; the rest of the page does not depend on it, so it still
  // renders (with the default window behind it).
  const [m, compare] = await Promise.all([caller.finance.monitoring(windowInput.success ? windowInput.data : undefined), caller.finance.models.compare()]);
  const dw = m.driftWindow;
  // Serving champion and the newest version of each challenger line, from the registry's 5-fold CV metrics.
  const comparison = [compare.champion, ...compare.challengers];
  type TCompare = (typeof comparison)[number];
  const opt = (v: number | null, fmt: (x: number) => string = f3) => (v === null ? '—' : fmt(v));
  const compareColumns: TColumn<TCompare>[] = [
    { key: 'name', header: 'Model', cell: (c) => `${c.modelName} v${c.version}` },
    { key: 'auc', header: '5-fold CV ROC AUC', align: 'right', cell: (c) => opt(c.metrics.roc_auc) },
    { key: 'ci', header: '95% CI across folds', align: 'right', cell: (c) => (c.metrics.roc_auc_ci_lower === null || c.metrics.roc_auc_ci_upper === null ? '—' : `${f3(c.metrics.roc_auc_ci_lower)}–${f3(c.metrics.roc_auc_ci_upper)}`) },
    { key: 'brier', header: 'Brier', align: 'right', cell: (c) => opt(c.metrics.brier) },
    { key: 'ks', header: 'KS', align: 'right', cell: (c) => opt(c.metrics.ks) },
    { key: 'threshold', header: 'Decline at PD ≥', align: 'right', cell: (c) => opt(c.metrics.threshold_pd, pct) },
    { key: 'cost', header: 'Cost per applicant at threshold', align: 'right', cell: (c) => opt(c.metrics.expected_cost_per_applicant) },
    {
      key: 'role',
      header: 'Role',
      cell: (c) =>
        c.serving ? <Badge tone="green">champion, scoring applications</Badge> : c.modelName === compare.champion.modelName ? <Badge>previous champion</Badge> : <Badge>challenger</Badge>,
    },
    { key: 'method', header: 'Method', cell: (c) => c.label },
  ];
  const cv = (name: string) => m.cvMetrics.find((x) => x.name === name)?.value;
  const perf = m.performance;
  type TFair = NonNullable<typeof m.fairness>['byAge']['groups'][number];
  const fairColumns: TColumn<TFair>[] = [
    { key: 'group', header: 'Group', cell: (g) => g.group },
    { key: 'n', header: 'Applicants', align: 'right', cell: (g) => g.n },
    { key: 'sel', header: 'Approval rate', align: 'right', cell: (g) => pct(g.selectionRate) },
    { key: 'tpr', header: 'TPR (goods approved)', align: 'right', cell: (g) => pct(g.tpr) },
    { key: 'fpr', header: 'FPR (bads approved)', align: 'right', cell: (g) => pct(g.fpr) },
  ];
  const field = 'rounded border border-slate-300 px-2 py-1';
  type TDrift = NonNullable<typeof m.drift>['features'][number];
  const driftColumns: TColumn<TDrift>[] = [
    { key: 'f', header: 'Feature', cell: (d) => d.label },
    { key: 'psi', header: 'PSI', align: 'right', cell: (d) => d.psi.toFixed(3) },
    { key: 'band', header: 'Band', cell: (d) => (d.band ? <Badge tone={BAND_TONE[d.band]}>{d.band}</Badge> : '—') },
  ];
  return (
    <>
      <PageHeader title="Monitoring" subtitle={`Champion ${m.championName} v${m.championVersion}, served by ${m.servedBy}; live decline threshold PD ≥ ${pct(m.threshold)} (German Credit cost matrix: bad accepted 5, good refused 1).`} />
      <div className="mb-6 grid gap-4 sm:grid-cols-4">
        <Stat label="5-fold CV ROC AUC" value={cv('roc_auc') === undefined ? '—' : f3(cv('roc_auc') ?? NaN)} hint={`95% CI ${f3(cv('roc_auc_ci_lower') ?? NaN)}–${f3(cv('roc_auc_ci_upper') ?? NaN)}`} />
        <Stat label="CV Gini" value={f3(cv('gini') ?? NaN)} />
        <Stat label="CV KS" value={f3(cv('ks') ?? NaN)} />
        <Stat label="CV Brier" value={f3(cv('brier') ?? NaN)} />
      </div>
      {perf ? (
        <Card title={`Performance on ${perf.n} applications with a known outcome`}>
          <p className="mb-3 text-xs text-slate-500">German Credit applications were in the training sample, so these figures are in-sample; the cross-validated ones above are the honest estimate.</p>
          <div className="mb-4 grid gap-4 sm:grid-cols-4">
            <Stat label="ROC AUC" value={<span data-testid="monitoring-auc">{f3(perf.auc)}</span>} />
            <Stat label="Gini" value={f3(perf.gini)} />
            <Stat label="KS" value={f3(perf.ks)} />
            <Stat label="Brier" value={f3(perf.brier)} />
          </div>
          <div className="flex flex-wrap gap-8">
            <RocChart roc={perf.roc} />
            <CalibrationChart bins={perf.calibration} />
            <table className="self-start text-sm" aria-label="Confusion matrix">
              <caption className="mb-1 text-left font-medium">At the live threshold</caption>
              <thead>
                <tr>
                  <th />
                  <th className="px-2 text-slate-600">Declined</th>
                  <th className="px-2 text-slate-600">Approved</th>
                </tr>
              </thead>
              <tbody className="tabular-nums">
                <tr>
                  <th className="pr-2 text-left text-slate-600">Bad</th>
                  <td className="px-2 text-right">{perf.confusion.tp}</td>
                  <td className="px-2 text-right">{perf.confusion.fn}</td>
                </tr>
                <tr>
                  <th className="pr-2 text-left text-slate-600">Good</th>
                  <td className="px-2 text-right">{perf.confusion.fp}</td>
                  <td className="px-2 text-right">{perf.confusion.tn}</td>
                </tr>
              </tbody>
            </table>
          </div>
        </Card>
      ) : (
        <EmptyState title="No outcomes yet">Performance appears once scored applications have a known outcome.</EmptyState>
      )}
      <div className="mt-6">
        <Card title="Score distribution">
          <ScoreDistributionChart bands={m.distribution} />
        </Card>
      </div>
      <div className="mt-6">
        <Card title="Population stability (PSI): training sample vs recent applications">
          <form method="get" aria-label="Drift window" className="mb-3 flex flex-wrap items-end gap-3 text-sm">
            <label className="flex flex-col">
              <span className="text-xs text-slate-500">Window</span>
              <select name="days" defaultValue={String(dw.days)} className={field}>
                {DRIFT_WINDOW_DAYS.map((d) => (
                  <option key={d} value={d}>{`Last ${d} days`}</option>
                ))}
              </select>
            </label>
            <label className="flex flex-col">
              <span className="text-xs text-slate-500">Ending (UTC, empty = today)</span>
              <input name="to" type="date" defaultValue={raw.to ?? ''} max={day(new Date())} className={field} />
            </label>
            <button type="submit" className="rounded bg-indigo-600 px-3 py-1 font-medium text-white">
              Show
            </button>
          </form>
          {!windowInput.success ? (
            <ErrorState title="Invalid drift window">{windowInput.error.issues.map((i) => i.message).join('; ')}</ErrorState>
          ) : (
            <>
              <p className="mb-1 text-sm" data-testid="drift-window">
                {`Applications created ${day(dw.from)} to ${day(dw.to)} (${dw.days} days, UTC): `}
                <span data-testid="drift-recent">{dw.recent.toLocaleString('en-GB')}</span>
                {` recent, against ${dw.reference.toLocaleString('en-GB')} in the training sample.`}
              </p>
              <p className="mb-2 text-xs text-slate-500">Below 0.1 stable, 0.1–0.25 watch, above 0.25 act.</p>
              {dw.recent === 0 ? (
                <EmptyState title="No applications in this window">Choose a longer window or an earlier end date.</EmptyState>
              ) : dw.recent < dw.minimumRecent ? (
                <EmptyState title="Too few applications for a meaningful PSI">
                  {`${dw.recent.toLocaleString('en-GB')} applications in this window; PSI is read from ${dw.minimumRecent} on. With fewer, sampling noise alone pushes features into the watch or act bands when nothing has changed (at 30 applications, typically above 0.25). Choose a longer window.`}
                </EmptyState>
              ) : !m.drift ? (
                <EmptyState title="No training sample">PSI needs the German Credit training rows to compare with.</EmptyState>
              ) : (
                <DataTable caption="PSI per feature" columns={driftColumns} rows={m.drift.features} rowKey={(d) => d.key} />
              )}
            </>
          )}
        </Card>
      </div>
      <div className="mt-6">
        <Card title="Champion and challengers">
          <DataTable caption="Model comparison" columns={compareColumns} rows={comparison} rowKey={(c) => c.versionId} />
          <p className="mt-2 text-xs text-slate-500">
            Out-of-fold figures on German Credit; cost uses the German Credit cost matrix (bad accepted 5, good refused 1) at each model&apos;s own cost-optimal threshold.
          </p>
          {compare.challengers
            .filter((c) => !c.promoted)
            .map((c) => (
              <ModelSwitchForm key={c.versionId} versionId={c.versionId} label={`${c.modelName} v${c.version}`} action={promoteChallengerAction} />
            ))}
          {compare.promotedChallenger ? (
            <>
              <p className="mt-2 text-sm" role="status">
                {`${compare.promotedChallenger.modelName} v${compare.promotedChallenger.version} (${compare.promotedChallenger.label}) is the champion: applications are scored by its ONNX graph through onnxruntime-node, with Shapley reason codes.`}
              </p>
              <ModelSwitchForm versionId={compare.champion.versionId} label={`${compare.champion.modelName} v${compare.champion.version}`} action={restoreScorecardAction} />
            </>
          ) : null}
        </Card>
      </div>
      <div className="mt-6">
        <Card title={`Model card: ${m.championName} v${m.championVersion}`}>
          <dl className="grid gap-2 text-sm sm:grid-cols-[12rem_1fr]">
            <dt className="text-slate-500">Registered</dt>
            <dd>{m.modelCard.registeredAt.toISOString().slice(0, 10)}</dd>
            <dt className="text-slate-500">Intended use</dt>
            <dd>{m.modelCard.intendedUse}</dd>
            <dt className="text-slate-500">Method</dt>
            <dd>{m.modelCard.method}</dd>
            <dt className="text-slate-500">Never used as inputs</dt>
            <dd>{m.modelCard.excludedInputs.map((k) => ATTRIBUTES.find((a) => a.key === k)?.label ?? k).join(', ')}</dd>
            <dt className="text-slate-500">Limitations</dt>
            <dd>{m.modelCard.limitations}</dd>
            <dt className="text-slate-500">Inputs (information value, bins)</dt>
            <dd>
              {[...m.modelCard.inputs]
                .sort((a, b) => b.iv - a.iv)
                .map((i) => `${ATTRIBUTES.find((a) => a.key === i.key)?.label ?? i.key} (${i.iv.toFixed(3)}, ${i.bins})`)
                .join(' · ')}
            </dd>
          </dl>
          {m.modelCard.markdown ? (
            <details className="mt-3 text-sm">
              <summary className="cursor-pointer text-slate-600">Full model card (Markdown)</summary>
              <pre className="mt-2 max-h-96 overflow-auto whitespace-pre-wrap rounded bg-slate-50 p-3 text-xs">{m.modelCard.markdown}</pre>
            </details>
          ) : null}
        </Card>
      </div>
      {m.fairness ? (
        <div className="mt-6 grid gap-6 lg:grid-cols-2">
          {(
            [
              ['By age band', m.fairness.byAge],
              ['By sex (from personal status)', m.fairness.bySex],
            ] as const
          ).map(([title, report]) => (
            <Card key={title} title={`Fairness ${title.toLowerCase()}`}>
              <DataTable caption={`Fairness ${title}`} columns={fairColumns} rows={report.groups} rowKey={(g) => g.group} />
              <p className="mt-2 text-sm">
                Disparate impact ratio {f3(report.disparateImpactRatio)} against {report.referenceGroup}:{' '}
                {report.fourFifthsViolated ? <Badge tone="red">below the four-fifths rule</Badge> : <Badge tone="green">meets the four-fifths rule</Badge>}
              </p>
            </Card>
          ))}
        </div>
      ) : null}
    </>
  );
}
