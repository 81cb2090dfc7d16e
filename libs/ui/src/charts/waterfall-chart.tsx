'use client';
// A running total built step by step: each step floats from the total before it to the total after it
// (green when it adds, red when it takes away), ending with the total as a full column from zero.
import { Bar, BarChart, CartesianGrid, ReferenceLine, Rectangle, Tooltip, XAxis, YAxis, type BarShapeProps, type TooltipContentProps } from 'recharts';
import { AXIS_TICK, ChartFigure, ChartTooltipBox, GRID_STROKE, xAxisTitle, yAxisTitle } from './chart-parts';
import { formatChartNumber, niceScale, tickFormat, type TNumberFormat } from './format';

export interface TWaterfallStep {
  label: string;
  /** What this step adds (negative: takes away). */
  value: number;
  tooltipLabel?: string;
}

export interface TWaterfallChartProps {
  title: string;
  xLabel: string;
  yLabel: string;
  steps: readonly TWaterfallStep[];
  totalLabel?: string;
  format?: TNumberFormat;
  positiveColor?: string;
  negativeColor?: string;
  totalColor?: string;
  width?: number;
  height?: number;
  caption?: string;
  testId?: string;
}

interface TRow {
  label: string;
  heading: string;
  value: number;
  after: number;
  range: [number, number];
  kind: 'up' | 'down' | 'total';
}

/** The floating bars of a waterfall: each step from the running total before it to after it, then the total. */
export function waterfallRows({ steps, totalLabel }: { steps: readonly TWaterfallStep[]; totalLabel: string }): TRow[] {
  let running = 0;
  const rows: TRow[] = steps.map((s) => {
    const before = running;
    running += s.value;
    return { label: s.label, heading: s.tooltipLabel ?? s.label, value: s.value, after: running, range: [Math.min(before, running), Math.max(before, running)], kind: s.value >= 0 ? 'up' : 'down' };
  });
  rows.push({ label: totalLabel, heading: totalLabel, value: running, after: running, range: [Math.min(0, running), Math.max(0, running)], kind: 'total' });
  return rows;
}

export function WaterfallChart({ title, xLabel, yLabel, steps, totalLabel = 'Total', format = { digits: 0 }, positiveColor = '#009e73', negativeColor = '#d55e00', totalColor = '#4f46e5', width, height = 300, caption, testId }: TWaterfallChartProps) {
  const rows = waterfallRows({ steps, totalLabel });
  const values = rows.flatMap((r) => r.range);
  const scale = niceScale({ min: Math.min(0, ...values), max: Math.max(0, ...values) });
  const yTickFormat = tickFormat(scale.ticks, format);
  const colorOf = (r: TRow) => (r.kind === 'total' ? totalColor : r.kind === 'up' ? positiveColor : negativeColor);
  const tooltip = ({ active, payload }: TooltipContentProps) => {
    const row = payload[0]?.payload as TRow | undefined;
    if (!active || !row) return null;
    return (
      <ChartTooltipBox
        heading={row.heading}
        rows={row.kind === 'total' ? [{ name: 'Total', value: row.after, color: totalColor, format }] : [{ name: 'This step', value: row.value, color: colorOf(row), format: { ...format, signed: true } }, { name: 'Running total', value: row.after, format }]}
      />
    );
  };
  return (
    <ChartFigure testId={testId} caption={caption} width={width}>
      <BarChart title={title} role="img" data={rows} width={width ?? '100%'} height={height} responsive={width === undefined} margin={{ top: 8, right: 16, bottom: 8, left: 8 }} barCategoryGap="18%">
        <CartesianGrid stroke={GRID_STROKE} vertical={false} />
        <XAxis dataKey="label" type="category" tick={AXIS_TICK} height={48} interval={0} label={xAxisTitle(xLabel)} />
        <YAxis type="number" domain={scale.domain} ticks={scale.ticks} tickFormatter={(v: number) => formatChartNumber(v, yTickFormat)} tick={AXIS_TICK} width={80} label={yAxisTitle(yLabel)} />
        <ReferenceLine y={0} stroke="#64748b" />
        <Tooltip content={tooltip} cursor={{ fill: '#f1f5f9' }} isAnimationActive={false} />
        <Bar
          dataKey="range"
          name={yLabel}
          isAnimationActive={false}
          shape={(p: BarShapeProps) => {
            const row = p.payload as TRow | undefined;
            if (!row) return <g />;
            return (
              <g data-testid="waterfall-step" data-label={row.label} data-value={row.value} data-after={row.after}>
                <Rectangle {...p} fill={colorOf(row)} />
              </g>
            );
          }}
        />
      </BarChart>
    </ChartFigure>
  );
}
