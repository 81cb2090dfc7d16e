// Appraises initiatives from their ledgers, their measured compute and (for a vertical's initiative) the
// direct benefit its vertical publishes live; and the portfolio from the initiatives.
import type { Db } from '@platform/db';
import { appraiseFlows, computeIrr, computeSensitivity, type TAppraisal, type TIrr, type TSensitivityBar } from './appraisal';
import { bucketLines, periodBoundaries } from './cash-flows';
import { getComputeRates, listComputeByApp, measureInitiativeCompute, type TComputeRates, type TMeasuredCompute } from './compute-service';
import { getInitiative, listInitiatives, listLedger } from './initiative-service';
import { BENEFIT_TYPES, COST_CATEGORIES, type TBenefitType, type TCostCategory, type TVertical } from './schemas';
import type { TInitiativeRow } from './strategy-repository';
import { readVerticalKpis, type TKpiSourceState, type TVerticalKpiProvider, type TVerticalMetric } from './vertical-kpis';

const DAY_MS = 24 * 3600 * 1000;

export interface TPeriodRow {
  index: number;
  from: Date;
  /** Exclusive. */
  to: Date;
  costs: Record<TCostCategory, number>;
  compute: number;
  /** Manual benefits by type, each amount × its confidence. */
  benefits: Record<TBenefitType, number>;
  /** The vertical's live direct benefit in this period: measured to date, projected after. */
  liveBenefit: number;
  liveBenefitBasis: 'measured' | 'projected' | 'partly projected' | 'none';
  totalCost: number;
  totalBenefit: number;
}

export interface TLiveKpis {
  vertical: TVertical;
  source: string | null;
  formula: string | null;
  notes: string[];
  /** Worst state over the periods read (one stale period makes the whole source stale). */
  state: TKpiSourceState;
  /** Metrics over the horizon so far. */
  metrics: TVerticalMetric[];
  measuredToDate: number;
  projectedRest: number;
}

export interface TInitiativeAppraisal {
  initiative: TInitiativeRow;
  periods: TPeriodRow[];
  appraisal: TAppraisal;
  sensitivity: { baseNpv: number; bars: TSensitivityBar[]; swing: number; rateSwing: number };
  compute: TMeasuredCompute;
  rates: TComputeRates;
  live: TLiveKpis | null;
  /** Parts of the figures that are estimates (projections, unavailable sources). */
  estimates: string[];
}

const zeroBy = <K extends string>(keys: readonly K[]) => Object.fromEntries(keys.map((k) => [k, 0])) as Record<K, number>;

const STATE_RANK: Record<TKpiSourceState['status'], number> = { live: 0, not_published: 1, stale: 2, unavailable: 3 };

/**
 * Reads the vertical's direct benefit period by period up to `now` (measured), then projects the rest of the
 * horizon at the rate measured so far (benefit per day since the start). A period the source could not answer
 * for counts 0 and is reported as an estimate.
 */
async function readLiveBenefit({ initiative, boundaries, provider, now }: { initiative: TInitiativeRow; boundaries: readonly Date[]; provider: TVerticalKpiProvider | undefined; now: Date }) {
  const vertical = initiative.vertical;
  const periods = boundaries.length - 1;
  const perPeriod = new Array<number>(periods).fill(0);
  const basis = new Array<TPeriodRow['liveBenefitBasis']>(periods).fill('none');
  if (!vertical) return { perPeriod, basis, live: null };
  if (!provider) {
    return { perPeriod, basis, live: { vertical, source: null, formula: null, notes: [], state: { status: 'not_published' } as TKpiSourceState, metrics: [], measuredToDate: 0, projectedRest: 0 } };
  }
  let state: TKpiSourceState = { status: 'live', readAt: now };
  const metricSums = new Map<string, TVerticalMetric>();
  let measured = 0;
  let measuredDays = 0;
  for (let k = 0; k < periods; k += 1) {
    const from = boundaries[k];
    const end = boundaries[k + 1];
    if (!from || !end || from >= now) break;
    const to = new Date(Math.min(end.getTime() - 1, now.getTime()));
    const result = await readVerticalKpis({ provider, range: { from, to } });
    if (STATE_RANK[result.state.status] > STATE_RANK[state.status]) state = result.state;
    if (!result.reading) continue;
    perPeriod[k] = result.reading.directBenefit;
    basis[k] = 'measured';
    measured += result.reading.directBenefit;
    measuredDays += (to.getTime() - from.getTime() + 1) / DAY_MS;
    for (const m of result.reading.metrics) {
      const prev = metricSums.get(m.key);
      // Shares do not add up over periods: keep the latest period's; amounts and counts sum.
      metricSums.set(m.key, prev && m.unit !== 'share' ? { ...m, value: prev.value + m.value } : m);
    }
  }
  const perDay = measuredDays > 0 ? measured / measuredDays : 0;
  let projected = 0;
  for (let k = 0; k < periods; k += 1) {
    const from = boundaries[k];
    const end = boundaries[k + 1];
    if (!from || !end || end <= now) continue;
    const remainingDays = (end.getTime() - Math.max(from.getTime(), now.getTime())) / DAY_MS;
    const add = perDay * remainingDays;
    projected += add;
    perPeriod[k] = (perPeriod[k] ?? 0) + add;
    basis[k] = from >= now ? 'projected' : 'partly projected';
  }
  return {
    perPeriod,
    basis,
    live: { vertical, source: provider.source, formula: provider.formula, notes: provider.notes, state, metrics: [...metricSums.values()], measuredToDate: measured, projectedRest: projected },
  };
}

export async function appraiseInitiative({
  db,
  id,
  providers,
  now = new Date(),
  swing = 0.2,
  rateSwing = 0.02,
  rates,
}: {
  db: Db;
  id: string;
  providers: readonly TVerticalKpiProvider[];
  now?: Date;
  swing?: number;
  rateSwing?: number;
  rates?: TComputeRates;
}): Promise<TInitiativeAppraisal> {
  const initiative = await getInitiative({ db, id });
  return appraiseLoaded({ db, initiative, providers, now, swing, rateSwing, rates: rates ?? (await getComputeRates({ db })) });
}

async function appraiseLoaded({ db, initiative, providers, now, swing, rateSwing, rates }: { db: Db; initiative: TInitiativeRow; providers: readonly TVerticalKpiProvider[]; now: Date; swing: number; rateSwing: number; rates: TComputeRates }): Promise<TInitiativeAppraisal> {
  const { startDate, horizonYears } = initiative;
  const boundaries = periodBoundaries({ startDate, horizonYears });
  const { costs, benefits } = await listLedger({ db, initiativeIds: [initiative.id] });
  const costBy = Object.fromEntries(COST_CATEGORIES.map((c) => [c, bucketLines({ lines: costs.filter((l) => l.category === c), startDate, horizonYears })])) as Record<TCostCategory, number[]>;
  const benefitBy = Object.fromEntries(
    BENEFIT_TYPES.map((t) => [t, bucketLines({ lines: benefits.filter((l) => l.type === t), startDate, horizonYears, weight: (l) => l.confidence })]),
  ) as Record<TBenefitType, number[]>;
  const compute = await measureInitiativeCompute({ db, app: initiative.app, boundaries, rates });
  const provider = providers.find((p) => p.vertical === initiative.vertical);
  const live = await readLiveBenefit({ initiative, boundaries, provider, now });

  const periods: TPeriodRow[] = Array.from({ length: horizonYears }, (_, k) => {
    const periodCosts = zeroBy(COST_CATEGORIES);
    for (const c of COST_CATEGORIES) periodCosts[c] = costBy[c][k] ?? 0;
    const periodBenefits = zeroBy(BENEFIT_TYPES);
    for (const t of BENEFIT_TYPES) periodBenefits[t] = benefitBy[t][k] ?? 0;
    const computeCost = compute.perPeriod[k] ?? 0;
    const liveBenefit = live.perPeriod[k] ?? 0;
    const totalCost = COST_CATEGORIES.reduce((s, c) => s + periodCosts[c], 0) + computeCost;
    const totalBenefit = BENEFIT_TYPES.reduce((s, t) => s + periodBenefits[t], 0) + liveBenefit;
    return { index: k, from: boundaries[k] ?? startDate, to: boundaries[k + 1] ?? startDate, costs: periodCosts, compute: computeCost, benefits: periodBenefits, liveBenefit, liveBenefitBasis: live.basis[k] ?? 'none', totalCost, totalBenefit };
  });
  const flows = { benefit: periods.map((p) => p.totalBenefit), cost: periods.map((p) => p.totalCost) };
  const appraisal = appraiseFlows({ flows, rate: initiative.discountRate });
  const sensitivity = { ...computeSensitivity({ flows, rate: initiative.discountRate, swing, rateSwing }), swing, rateSwing };

  const estimates: string[] = [];
  if (live.live) {
    const s = live.live.state;
    if (s.status === 'not_published') estimates.push(`No KPIs published yet by the ${live.live.vertical} vertical: no live direct benefit is counted`);
    if (s.status === 'unavailable') estimates.push(`${live.live.source ?? 'The vertical'} is unavailable (${s.error}): its direct benefit is left out`);
    if (s.status === 'stale') estimates.push(`${live.live.source ?? 'The vertical'} did not answer (${s.error}): its last good reading of ${s.lastGoodAt.toISOString()} is used`);
    if (live.live.projectedRest > 0) estimates.push('Direct benefit after today is projected at the rate measured so far');
  }
  if (benefits.some((b) => b.startDate > now) || costs.some((c) => c.startDate > now || c.recurrence !== 'one_off')) estimates.push('Ledger entries dated after today are planned figures');
  if (!rates.configured) estimates.push('Compute is priced at the default rates until an executive sets them');
  return { initiative, periods, appraisal, sensitivity, compute, rates, live: live.live, estimates };
}

export interface TPortfolio {
  initiatives: {
    id: string;
    name: string;
    owner: string;
    stage: TInitiativeRow['stage'];
    vertical: TVertical | null;
    totalCost: number;
    compute: number;
    totalBenefit: number;
    npv: number;
    roi: number | null;
    irr: TIrr;
    paybackPeriods: number | null;
    discountedPaybackPeriods: number | null;
    liveState: TKpiSourceState['status'] | null;
    estimates: string[];
  }[];
  totals: { cost: number; ledgerCost: number; compute: number; benefit: number; npv: number; roi: number | null; irr: TIrr; paybackYears: number | null };
  /** Net flows summed by calendar year (each initiative's period k counted in the year it starts). */
  years: { year: number; cost: number; benefit: number; net: number }[];
  byStage: Record<TInitiativeRow['stage'], number>;
  computeByApp: Awaited<ReturnType<typeof listComputeByApp>>;
  rates: TComputeRates;
}

/**
 * The portfolio: NPV is the sum of the initiatives' NPVs (each at its own rate, to its own start); ROI is
 * (Σ benefit − Σ cost) / Σ cost; IRR and simple payback are read from the net flows summed by calendar year.
 * No portfolio discounted payback: the initiatives discount at different rates.
 */
export async function appraisePortfolio({ db, providers, now = new Date() }: { db: Db; providers: readonly TVerticalKpiProvider[]; now?: Date }): Promise<TPortfolio> {
  const rates = await getComputeRates({ db });
  const initiatives = await listInitiatives({ db });
  const appraisals = await Promise.all(initiatives.map((initiative) => appraiseLoaded({ db, initiative, providers, now, swing: 0.2, rateSwing: 0.02, rates })));
  const byYear = new Map<number, { cost: number; benefit: number }>();
  for (const a of appraisals) {
    for (const p of a.periods) {
      const year = p.from.getUTCFullYear();
      const y = byYear.get(year) ?? { cost: 0, benefit: 0 };
      y.cost += p.totalCost;
      y.benefit += p.totalBenefit;
      byYear.set(year, y);
    }
  }
  const firstYear = Math.min(...byYear.keys());
  const lastYear = Math.max(...byYear.keys());
  const years = byYear.size === 0 ? [] : Array.from({ length: lastYear - firstYear + 1 }, (_, i) => {
    const y = byYear.get(firstYear + i) ?? { cost: 0, benefit: 0 };
    return { year: firstYear + i, ...y, net: y.benefit - y.cost };
  });
  const cost = appraisals.reduce((s, a) => s + a.appraisal.totalCost, 0);
  const compute = appraisals.reduce((s, a) => s + a.compute.cost, 0);
  const benefit = appraisals.reduce((s, a) => s + a.appraisal.totalBenefit, 0);
  const yearly = appraiseFlows({ flows: { benefit: years.map((y) => y.benefit), cost: years.map((y) => y.cost) }, rate: 0 });
  const byStage = { idea: 0, pilot: 0, production: 0, retired: 0 };
  for (const i of initiatives) byStage[i.stage] += 1;
  const chargedTo = new Map(initiatives.flatMap((i) => (i.app ? [[i.app, i.name] as const] : [])));
  return {
    initiatives: appraisals.map((a) => ({
      id: a.initiative.id,
      name: a.initiative.name,
      owner: a.initiative.owner,
      stage: a.initiative.stage,
      vertical: a.initiative.vertical,
      totalCost: a.appraisal.totalCost,
      compute: a.compute.cost,
      totalBenefit: a.appraisal.totalBenefit,
      npv: a.appraisal.npv,
      roi: a.appraisal.roi,
      irr: a.appraisal.irr,
      paybackPeriods: a.appraisal.paybackPeriods,
      discountedPaybackPeriods: a.appraisal.discountedPaybackPeriods,
      liveState: a.live?.state.status ?? null,
      estimates: a.estimates,
    })),
    totals: {
      cost,
      ledgerCost: cost - compute,
      compute,
      benefit,
      npv: appraisals.reduce((s, a) => s + a.appraisal.npv, 0),
      roi: cost > 0 ? (benefit - cost) / cost : null,
      irr: computeIrr({ flows: yearly.net }),
      paybackYears: yearly.paybackPeriods,
    },
    years,
    byStage,
    computeByApp: await listComputeByApp({ db, rates, chargedTo }),
    rates,
  };
}
