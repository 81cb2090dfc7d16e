// Number formats for chart ticks and tooltips. A plain object rather than a function, so a server component
// can pass it to the (client) chart components across the React Server Components boundary.

export interface TNumberFormat {
  /** `percent` multiplies by 100 and appends %. */
  style?: 'decimal' | 'percent';
  /** Fraction digits; default 0 for integers, otherwise 2. */
  digits?: number;
  /** Prefix positive values with + (for contributions that add or subtract). */
  signed?: boolean;
  /** Appended after a space, e.g. "pts", "DM". */
  unit?: string;
}

/**
 * Formats a chart value.
 * @example formatChartNumber(0.25, { style: 'percent', digits: 0 }) // "25%"
 */
export function formatChartNumber(value: number, format: TNumberFormat = {}): string {
  if (!Number.isFinite(value)) return '—';
  const percent = format.style === 'percent';
  const scaled = percent ? value * 100 : value;
  const digits = format.digits ?? (Number.isInteger(scaled) ? 0 : 2);
  const body = Math.abs(scaled).toLocaleString('en-GB', { minimumFractionDigits: digits, maximumFractionDigits: digits });
  const sign = scaled < 0 && Number(body.replace(/,/g, '')) !== 0 ? '−' : format.signed && scaled > 0 ? '+' : '';
  return `${sign}${body}${percent ? '%' : ''}${format.unit ? ` ${format.unit}` : ''}`;
}

/**
 * Evenly spaced "nice" ticks (steps of 1, 2 or 5 × 10^k) covering [min, max], for axes whose domain the
 * caller fixes. Recharts picks ticks itself for "auto" domains; this is for the unit square and the like.
 * @example niceTicks({ min: 0, max: 1, count: 6 }) // [0, 0.2, 0.4, 0.6, 0.8, 1]
 */
export function niceTicks({ min, max, count = 6 }: { min: number; max: number; count?: number }): number[] {
  if (!(max > min) || count < 2) return [min];
  const raw = (max - min) / (count - 1);
  const magnitude = 10 ** Math.floor(Math.log10(raw));
  const step = ([1, 2, 2.5, 5, 10].find((m) => m * magnitude >= raw) ?? 10) * magnitude;
  const first = Math.ceil(min / step - 1e-9) * step;
  const ticks: number[] = [];
  for (let t = first; t <= max + step * 1e-9; t += step) ticks.push(Number(t.toPrecision(12)));
  return ticks;
}

/**
 * The fraction digits that tell a set of ticks apart and no more (0, 0.2, 0.4 → 1), in the format's scale.
 * @example tickFormat([0, 0.25, 0.5], { style: 'percent', digits: 1 }) // { style: 'percent', digits: 0 }
 */
export function tickFormat(ticks: readonly number[], format: TNumberFormat = {}): TNumberFormat {
  const scale = format.style === 'percent' ? 100 : 1;
  const digits = Math.max(
    0,
    ...ticks.map((t) => {
      const text = String(Number((t * scale).toPrecision(10)));
      const dot = text.indexOf('.');
      return dot < 0 ? 0 : Math.min(4, text.length - dot - 1);
    }),
  );
  return { ...format, digits, unit: undefined };
}

/**
 * A value axis that starts and ends on round steps (1, 2, 2.5 or 5 × 10^k; whole steps for counts), covering
 * [min, max] and, for signed data, zero. Recharts' own "auto" ticks can land on 55, 110, 165 or miss zero.
 * @example niceScale({ min: 0, max: 218, integer: true }) // { domain: [0, 250], ticks: [0, 50, …, 250] }
 */
export function niceScale({ min, max, count = 6, integer = false }: { min: number; max: number; count?: number; integer?: boolean }): { domain: [number, number]; ticks: number[] } {
  const lo0 = Math.min(min, max);
  const hi0 = Math.max(min, max);
  if (!(hi0 > lo0)) return niceScale({ min: lo0, max: lo0 + 1, count, integer });
  const raw = (hi0 - lo0) / Math.max(1, count - 1);
  const magnitude = 10 ** Math.floor(Math.log10(raw));
  const multiples = integer && magnitude <= 1 ? [1, 2, 5, 10] : [1, 2, 2.5, 5, 10];
  const step = Math.max(integer ? 1 : 0, (multiples.find((m) => m * magnitude >= raw) ?? 10) * magnitude);
  const lo = Math.floor(lo0 / step + 1e-9) * step;
  const hi = Math.ceil(hi0 / step - 1e-9) * step;
  const ticks: number[] = [];
  for (let i = 0; lo + i * step <= hi + step * 1e-9; i += 1) ticks.push(Number((lo + i * step).toPrecision(12)));
  return { domain: [ticks[0] ?? lo, ticks[ticks.length - 1] ?? hi], ticks };
}
