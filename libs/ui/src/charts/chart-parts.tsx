// What every chart shares: the figure with its caption and accessible name, axis styling, the tooltip box.
import type { ReactNode } from 'react';
import { formatChartNumber, type TNumberFormat } from './format';

/** Series colours that stay apart for the common colour-vision deficiencies (Okabe–Ito order). */
export const CHART_COLORS = ['#4f46e5', '#d55e00', '#009e73', '#cc79a7', '#0072b2', '#e69f00', '#56b4e9'] as const;

export const chartColor = (index: number, color?: string) => color ?? CHART_COLORS[index % CHART_COLORS.length] ?? '#4f46e5';

export const AXIS_TICK = { fontSize: 12, fill: '#475569' } as const;
export const AXIS_LABEL = { fontSize: 12, fill: '#334155', fontWeight: 500 } as const;
export const GRID_STROKE = '#e2e8f0';

/**
 * Axis titles. Recharts 3 draws labels and tick labels in z-index layers outside the axis group, so each
 * title carries a class naming its axis (`chart-axis-label-x` / `-y`) for tests and styling.
 */
export const xAxisTitle = (value: string) => ({ value, position: 'insideBottom' as const, offset: 0, style: AXIS_LABEL, className: 'chart-axis-label chart-axis-label-x' });
export const yAxisTitle = (value: string) => ({
  value,
  angle: -90,
  position: 'insideLeft' as const,
  offset: 6,
  style: { ...AXIS_LABEL, textAnchor: 'middle' as const },
  className: 'chart-axis-label chart-axis-label-y',
});

/** Legend entries in body text colour (the swatch carries the series colour; pale text would be unreadable). */
export const legendText = (value: string) => <span style={{ color: '#334155' }}>{value}</span>;

/**
 * The figure around a chart: its SVG is `role="img"` named by `title` (recharts writes the `<title>`), and the
 * optional caption says in words what the colours and axes mean.
 */
export function ChartFigure({ testId, caption, width, children }: { testId?: string; caption?: ReactNode; width?: number; children: ReactNode }) {
  // A fixed-width chart keeps its caption to its own width (a long caption would otherwise widen the figure).
  return (
    <figure className={width ? 'min-w-0 shrink-0' : 'min-w-0 w-full'} style={width ? { width } : undefined} data-testid={testId}>
      {children}
      {caption ? <figcaption className="mt-1 text-xs text-slate-500">{caption}</figcaption> : null}
    </figure>
  );
}

export interface TTooltipRow {
  name: string;
  value: number;
  color?: string;
  format?: TNumberFormat;
}

/** The box recharts shows on hover or keyboard focus: a heading and one formatted row per value. */
export function ChartTooltipBox({ heading, rows }: { heading?: string; rows: readonly TTooltipRow[] }) {
  return (
    <div className="rounded-md border border-slate-200 bg-white px-3 py-2 text-xs shadow-md" data-testid="chart-tooltip">
      {heading ? <p className="mb-1 font-medium text-slate-800">{heading}</p> : null}
      <dl className="grid grid-cols-[auto_auto] gap-x-3 gap-y-0.5">
        {rows.map((r) => (
          <div key={r.name} className="contents">
            <dt className="flex items-center gap-1.5 text-slate-600">
              {r.color ? <span aria-hidden className="inline-block h-2 w-2 rounded-sm" style={{ backgroundColor: r.color }} /> : null}
              {r.name}
            </dt>
            <dd className="text-right font-medium tabular-nums text-slate-900">{formatChartNumber(r.value, r.format)}</dd>
          </div>
        ))}
      </dl>
    </div>
  );
}
