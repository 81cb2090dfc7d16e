// Turns dated ledger entries into yearly periods of an initiative: period k runs from the start date plus k
// years (inclusive) to plus k + 1 years (exclusive), k = 0 .. horizon − 1. Dates are whole UTC days.

export type TRecurrence = 'one_off' | 'monthly' | 'yearly';

export interface TLedgerLine {
  amount: number;
  recurrence: TRecurrence;
  startDate: Date;
  /** Last day a recurring line recurs on (inclusive); null: to the end of the horizon. */
  endDate: Date | null;
}

/** `date` plus `months` calendar months, the day clamped to the month's length (31 Jan + 1 month = 28/29 Feb). */
export function addMonthsUtc({ date, months }: { date: Date; months: number }): Date {
  const y = date.getUTCFullYear();
  const m = date.getUTCMonth() + months;
  const target = new Date(Date.UTC(y, m, 1));
  const lastDay = new Date(Date.UTC(target.getUTCFullYear(), target.getUTCMonth() + 1, 0)).getUTCDate();
  return new Date(Date.UTC(target.getUTCFullYear(), target.getUTCMonth(), Math.min(date.getUTCDate(), lastDay)));
}

/** Start of each period and the end of the last (horizon + 1 boundaries). */
export function periodBoundaries({ startDate, horizonYears }: { startDate: Date; horizonYears: number }): Date[] {
  return Array.from({ length: horizonYears + 1 }, (_, k) => addMonthsUtc({ date: startDate, months: 12 * k }));
}

/** Index of the period `date` falls in, or null outside the horizon. */
export function periodIndexOf({ boundaries, date }: { boundaries: readonly Date[]; date: Date }): number | null {
  const t = date.getTime();
  for (let k = 0; k + 1 < boundaries.length; k += 1) {
    const from = boundaries[k];
    const to = boundaries[k + 1];
    if (from && to && t >= from.getTime() && t < to.getTime()) return k;
  }
  return null;
}

/** Each date a line falls due on within the horizon: once, monthly or yearly from its start to its end. */
export function occurrencesOf({ line, horizonEnd }: { line: TLedgerLine; horizonEnd: Date }): Date[] {
  if (line.recurrence === 'one_off') return line.startDate < horizonEnd ? [line.startDate] : [];
  const step = line.recurrence === 'monthly' ? 1 : 12;
  const last = line.endDate && line.endDate < horizonEnd ? line.endDate.getTime() : horizonEnd.getTime() - 1;
  const dates: Date[] = [];
  for (let i = 0; ; i += 1) {
    const d = addMonthsUtc({ date: line.startDate, months: i * step });
    if (d.getTime() > last) break;
    dates.push(d);
  }
  return dates;
}

/**
 * Sums lines into the periods of the horizon, each occurrence weighted (a benefit's confidence).
 * @example bucketLines({ lines: [{ amount: 10, recurrence: 'monthly', startDate: d('2025-01-01'), endDate: null }], startDate: d('2025-01-01'), horizonYears: 2 }) // [120, 120]
 */
export function bucketLines<T extends TLedgerLine>({ lines, startDate, horizonYears, weight = () => 1 }: { lines: readonly T[]; startDate: Date; horizonYears: number; weight?: (line: T) => number }): number[] {
  const boundaries = periodBoundaries({ startDate, horizonYears });
  const horizonEnd = boundaries[boundaries.length - 1] ?? startDate;
  const periods = new Array<number>(horizonYears).fill(0);
  for (const line of lines) {
    const w = weight(line);
    for (const date of occurrencesOf({ line, horizonEnd })) {
      const k = periodIndexOf({ boundaries, date });
      if (k !== null) periods[k] = (periods[k] ?? 0) + line.amount * w;
    }
  }
  return periods;
}
