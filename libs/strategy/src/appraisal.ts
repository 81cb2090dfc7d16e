// Investment appraisal of one stream of net cash flows per period: ROI, NPV, IRR, simple and discounted
// payback, and the sensitivity of NPV to the main assumptions. NPV and IRR come from `financial` (0.2.4), which
// follows numpy: the first flow is at t = 0 and is not discounted (npv(0.1, [-100, 50, 60]) = -4.96).
import { irr as financialIrr, npv as financialNpv } from 'financial';

export interface TPeriodFlows {
  /** Risk-adjusted benefit of each period (amount × confidence), DM. */
  benefit: readonly number[];
  /** Cost of each period, measured compute included, DM. */
  cost: readonly number[];
}

export type TIrr =
  | { ok: true; rate: number }
  | { ok: false; reason: string };

export interface TAppraisal {
  totalBenefit: number;
  totalCost: number;
  /** (benefit − cost) / cost over the horizon, undiscounted; null with no cost. */
  roi: number | null;
  npv: number;
  irr: TIrr;
  /** Periods until the cumulative net flow turns non-negative (interpolated within the period); null: not within the horizon. */
  paybackPeriods: number | null;
  discountedPaybackPeriods: number | null;
  net: number[];
  discountedNet: number[];
  cumulativeNet: number[];
  cumulativeDiscountedNet: number[];
}

const sum = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0);

/** Net flow of each period: benefit − cost (periods missing on one side count 0). */
export function netFlows({ benefit, cost }: TPeriodFlows): number[] {
  const n = Math.max(benefit.length, cost.length);
  return Array.from({ length: n }, (_, t) => (benefit[t] ?? 0) - (cost[t] ?? 0));
}

/** Number of sign changes in a flow stream, zeros skipped (Descartes' rule bounds the number of IRRs by it). */
export function countSignChanges(flows: readonly number[]): number {
  let changes = 0;
  let last = 0;
  for (const f of flows) {
    if (f === 0) continue;
    if (last !== 0 && Math.sign(f) !== Math.sign(last)) changes += 1;
    last = f;
  }
  return changes;
}

/**
 * IRR of conventional flows (one sign change). Several sign changes can have several IRRs, so none is
 * reported rather than whichever root the iteration happens to find.
 * @example computeIrr({ flows: [-100, 50, 60] }) // { ok: true, rate: 0.0639 }
 */
export function computeIrr({ flows }: { flows: readonly number[] }): TIrr {
  const changes = countSignChanges(flows);
  if (changes === 0) return { ok: false, reason: 'No IRR: the net cash flows never change sign' };
  if (changes > 1) {
    return { ok: false, reason: `No single IRR: the net cash flows change sign ${changes} times, so more than one rate can make NPV zero` };
  }
  const rate = financialIrr([...flows]);
  if (!Number.isFinite(rate)) return { ok: false, reason: 'No IRR: the calculation did not converge' };
  return { ok: true, rate };
}

const running = (xs: readonly number[]) => {
  let acc = 0;
  return xs.map((x) => (acc += x));
};

/**
 * Appraises per-period flows at an annual `rate` (periods are years).
 * @example appraiseFlows({ flows: { benefit: [0, 50, 60], cost: [100, 0, 0] }, rate: 0.1 }).npv // -4.96
 */
export function appraiseFlows({ flows, rate }: { flows: TPeriodFlows; rate: number }): TAppraisal {
  const net = netFlows(flows);
  const totalBenefit = sum(flows.benefit);
  const totalCost = sum(flows.cost);
  const discountedNet = net.map((f, t) => f / (1 + rate) ** t);
  return {
    totalBenefit,
    totalCost,
    roi: totalCost > 0 ? (totalBenefit - totalCost) / totalCost : null,
    npv: net.length === 0 ? 0 : financialNpv(rate, net),
    irr: computeIrr({ flows: net }),
    paybackPeriods: firstPayback(net),
    discountedPaybackPeriods: firstPayback(discountedNet),
    net,
    discountedNet,
    cumulativeNet: running(net),
    cumulativeDiscountedNet: running(discountedNet),
  };
}

/**
 * Periods until the cumulative flow first reaches 0, interpolating linearly inside the period that crosses it
 * (the flow of period t repays what was still owed after period t − 1). A stream that dips again later still
 * paid back the first time.
 */
function firstPayback(flows: readonly number[]): number | null {
  let cumulative = 0;
  for (let t = 0; t < flows.length; t += 1) {
    const flow = flows[t] ?? 0;
    const before = cumulative;
    cumulative += flow;
    if (cumulative >= 0) return t === 0 || before >= 0 ? t : t - 1 + -before / flow;
  }
  return null;
}

export interface TSensitivityBar {
  key: 'benefit' | 'cost' | 'rate';
  label: string;
  /** NPV with the assumption at its low and high end. */
  npvAtLow: number;
  npvAtHigh: number;
  lowLabel: string;
  highLabel: string;
}

/**
 * NPV when one assumption moves and the others stay: benefits ± `swing`, costs ± `swing`, discount rate
 * ± `rateSwing` (absolute, floored at 0). Bars sorted widest first, as a tornado chart shows them.
 */
export function computeSensitivity({ flows, rate, swing = 0.2, rateSwing = 0.02 }: { flows: TPeriodFlows; rate: number; swing?: number; rateSwing?: number }): { baseNpv: number; bars: TSensitivityBar[] } {
  const npvOf = (f: TPeriodFlows, r: number) => appraiseFlows({ flows: f, rate: r }).npv;
  const scale = (xs: readonly number[], k: number) => xs.map((x) => x * k);
  const pct = `${Math.round(swing * 100)}%`;
  const rateLow = Math.max(0, rate - rateSwing);
  const rateHigh = rate + rateSwing;
  const asPct = (r: number) => `${(r * 100).toFixed(1)}%`;
  const bars: TSensitivityBar[] = [
    { key: 'benefit', label: `Benefits ±${pct}`, npvAtLow: npvOf({ ...flows, benefit: scale(flows.benefit, 1 - swing) }, rate), npvAtHigh: npvOf({ ...flows, benefit: scale(flows.benefit, 1 + swing) }, rate), lowLabel: `−${pct}`, highLabel: `+${pct}` },
    { key: 'cost', label: `Costs ±${pct}`, npvAtLow: npvOf({ ...flows, cost: scale(flows.cost, 1 - swing) }, rate), npvAtHigh: npvOf({ ...flows, cost: scale(flows.cost, 1 + swing) }, rate), lowLabel: `−${pct}`, highLabel: `+${pct}` },
    { key: 'rate', label: `Discount rate ${asPct(rateLow)} to ${asPct(rateHigh)}`, npvAtLow: npvOf(flows, rateLow), npvAtHigh: npvOf(flows, rateHigh), lowLabel: asPct(rateLow), highLabel: asPct(rateHigh) },
  ];
  bars.sort((a, b) => Math.abs(b.npvAtHigh - b.npvAtLow) - Math.abs(a.npvAtHigh - a.npvAtLow));
  return { baseNpv: npvOf(flows, rate), bars };
}
