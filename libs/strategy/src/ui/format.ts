// Figures as an executive reads them: grouped counts, one-decimal percentages, whole Deutsche Mark.
const COUNT = new Intl.NumberFormat('en-GB', { maximumFractionDigits: 0 });
const PERCENT = new Intl.NumberFormat('en-GB', { style: 'percent', minimumFractionDigits: 1, maximumFractionDigits: 1 });
const DAY = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' });

/** `formatCount(12345)` → `12,345`. */
export function formatCount(n: number): string {
  return COUNT.format(n);
}

/** A share in [0, 1]: `formatShare(0.1234)` → `12.3%`. */
export function formatShare(share: number): string {
  return PERCENT.format(share);
}

/**
 * Credit amounts of the German Credit data are Deutsche Mark and the platform never converts them:
 * `formatDm(441234.4)` → `441,234 DM`. (Intl's DEM currency style would print `DEM`, which nobody reads.)
 */
export function formatDm(amount: number): string {
  return `${COUNT.format(amount)} DM`;
}

/** A UTC day: `formatUtcDay(new Date('2025-03-01T12:00:00Z'))` → `1 Mar 2025`. */
export function formatUtcDay(d: Date): string {
  return DAY.format(d);
}

/** A payback in yearly periods: `formatYears(1.667)` → `1.7 years`; null → `not within the horizon`. */
export function formatYears(years: number | null): string {
  if (years === null) return 'not within the horizon';
  return `${years.toFixed(1)} ${years === 1 ? 'year' : 'years'}`;
}

/** A signed amount in DM with an explicit minus sign: `formatSignedDm(-1200)` → `−1,200 DM`. */
export function formatSignedDm(amount: number): string {
  const rounded = Math.round(amount);
  return rounded < 0 ? `−${formatDm(-rounded)}` : formatDm(rounded);
}
