// The period an executive reads the credit-risk KPIs over: a preset (last 30/90/365 days) or their own dates.
import { z } from 'zod';

const DAY_MS = 24 * 3600 * 1000;

export const CREDIT_RISK_PRESETS = [
  { key: '30d', label: 'Last 30 days', days: 30 },
  { key: '90d', label: 'Last 90 days', days: 90 },
  { key: '365d', label: 'Last 365 days', days: 365 },
] as const;
export type TCreditRiskPreset = (typeof CREDIT_RISK_PRESETS)[number]['key'];
export const DEFAULT_CREDIT_RISK_PRESET: TCreditRiskPreset = '30d';

/** `YYYY-MM-DD` that names a real calendar day (no 31 February). */
function isoDay(label: string) {
  return z
    .string({ error: `${label} is required` })
    .trim()
    .min(1, { message: `${label} is required`, abort: true })
    // abort: one message per field, the first that applies.
    .regex(/^\d{4}-\d{2}-\d{2}$/, { message: `${label} must be a date written YYYY-MM-DD`, abort: true })
    .refine(isCalendarDay, `${label} is not a calendar date`);
}

function isCalendarDay(s: string): boolean {
  const t = Date.parse(`${s}T00:00:00.000Z`);
  // Engines either refuse 2025-02-31 (NaN) or roll it into March; both differ from the text.
  return Number.isFinite(t) && new Date(t).toISOString().slice(0, 10) === s;
}

/** A custom period as the range form submits it; both days are whole UTC days and included. */
export const ZCreditRiskCustomRangeInput = z
  .object({ from: isoDay('From date'), to: isoDay('To date') })
  // Same-length ISO days compare as strings.
  .refine((v) => v.from <= v.to, { path: ['to'], message: 'To date must be on or after the From date' });
export type TCreditRiskCustomRangeInput = z.infer<typeof ZCreditRiskCustomRangeInput>;

export interface TCreditRiskRange {
  preset: TCreditRiskPreset | 'custom';
  /** Inclusive bounds, as finance.kpis takes them. */
  from: Date;
  to: Date;
  /** The bounds as UTC days, to prefill the custom form. */
  fromDay: string;
  toDay: string;
}

export type TCreditRiskRangeField = 'range' | 'from' | 'to';

export type TResolvedCreditRiskRange =
  | { ok: true; range: TCreditRiskRange }
  | { ok: false; fieldErrors: Partial<Record<TCreditRiskRangeField, string[]>>; values: { from: string; to: string } };

const utcDay = (d: Date) => d.toISOString().slice(0, 10);

/**
 * Reads the page's search parameters: `?range=90d`, or `?range=custom&from=2025-01-01&to=2025-03-31`
 * (dates alone also mean custom). Nothing given: the last 30 days up to `now`.
 */
export function resolveCreditRiskRange({
  search,
  now,
}: {
  search: { range?: string | undefined; from?: string | undefined; to?: string | undefined };
  now: Date;
}): TResolvedCreditRiskRange {
  const values = { from: search.from ?? '', to: search.to ?? '' };
  const hasDates = Boolean(search.from || search.to);
  const key = search.range || (hasDates ? 'custom' : DEFAULT_CREDIT_RISK_PRESET);
  if (key === 'custom') {
    const parsed = ZCreditRiskCustomRangeInput.safeParse({ from: search.from ?? '', to: search.to ?? '' });
    if (!parsed.success) return { ok: false, fieldErrors: z.flattenError(parsed.error).fieldErrors, values };
    return {
      ok: true,
      range: {
        preset: 'custom',
        from: new Date(`${parsed.data.from}T00:00:00.000Z`),
        // The whole last day counts: finance.kpis compares timestamps, not days.
        to: new Date(`${parsed.data.to}T23:59:59.999Z`),
        fromDay: parsed.data.from,
        toDay: parsed.data.to,
      },
    };
  }
  const preset = CREDIT_RISK_PRESETS.find((p) => p.key === key);
  if (!preset) {
    return { ok: false, fieldErrors: { range: [`Period must be one of ${CREDIT_RISK_PRESETS.map((p) => p.key).join(', ')} or custom`] }, values };
  }
  const from = new Date(now.getTime() - preset.days * DAY_MS);
  return { ok: true, range: { preset: preset.key, from, to: now, fromDay: utcDay(from), toDay: utcDay(now) } };
}
