'use client';
// Sensitivity of one outcome (NPV) to each assumption moved on its own: one horizontal bar per assumption from
// the outcome at its low end to the outcome at its high end, split at the base value, widest first.
import { Bar, BarChart, CartesianGrid, ReferenceLine, Tooltip, XAxis, YAxis, type BarShapeProps, type TooltipContentProps } from 'recharts';
import { AXIS_TICK, ChartFigure, ChartTooltipBox, GRID_STROKE, xAxisTitle } from './chart-parts';
import { formatChartNumber, niceScale, tickFormat, type TNumberFormat } from './format';

export interface TTornadoBar {
  key: string;
  label: string;
  /** The outcome with the assumption at its low end, and what that end is (e.g. "−20%", "6.0%"). */
  atLow: number;
  lowLabel: string;
  atHigh: number;
  highLabel: string;
}

export interface TTornadoChartProps {
  title: string;
  valueLabel: string;
  base: number;
  bars: readonly TTornadoBar[];
  format?: TNumberFormat;
  lowColor?: string;
  highColor?: string;
  labelWidth?: number;
  rowHeight?: number;
  width?: number;
  caption?: string;
  testId?: string;
}

interface TRow extends TTornadoBar {
  range: [number, number];
}

export function TornadoChart({ title, valueLabel, base, bars, format = { digits: 0 }, lowColor = '#d55e00', highColor = '#0072b2', labelWidth = 220, rowHeight = 34, width, caption, testId }: TTornadoChartProps) {
  const rows: TRow[] = bars.map((b) => ({ ...b, range: [Math.min(b.atLow, b.atHigh, base), Math.max(b.atLow, b.atHigh, base)] }));
  const values = rows.flatMap((r) => r.range);
  const scale = niceScale({ min: Math.min(base, ...values), max: Math.max(base, ...values) });
  const valueTickFormat = tickFormat(scale.ticks, format);
  const height = Math.max(120, rows.length * rowHeight + 60);
  const tooltip = ({ active, payload }: TooltipContentProps) => {
    const row = payload[0]?.payload as TRow | undefined;
    if (!active || !row) return null;
    return (
      <ChartTooltipBox
        heading={row.label}
        rows={[
          { name: `At ${row.lowLabel}`, value: row.atLow, color: lowColor, format },
          { name: 'Base', value: base, format },
          { name: `At ${row.highLabel}`, value: row.atHigh, color: highColor, format },
        ]}
      />
    );
  };
  return (
    <ChartFigure testId={testId} caption={caption} width={width}>
      <BarChart title={title} role="img" layout="vertical" data={rows} width={width ?? '100%'} height={height} responsive={width === undefined} margin={{ top: 8, right: 24, bottom: 8, left: 8 }} barCategoryGap="22%">
        <CartesianGrid stroke={GRID_STROKE} horizontal={false} />
        <XAxis type="number" domain={scale.domain} ticks={scale.ticks} tickFormatter={(v: number) => formatChartNumber(v, valueTickFormat)} tick={AXIS_TICK} height={44} label={xAxisTitle(valueLabel)} />
        <YAxis type="category" dataKey="label" width={labelWidth} interval={0} tick={AXIS_TICK} />
        <ReferenceLine x={base} stroke="#334155" strokeDasharray="4 2" />
        <Tooltip content={tooltip} cursor={{ fill: '#f1f5f9' }} isAnimationActive={false} />
        <Bar
          dataKey="range"
          name={valueLabel}
          isAnimationActive={false}
          shape={(p: BarShapeProps) => {
            const row = p.payload as TRow | undefined;
            const x = Number(p.x);
            const y = Number(p.y);
            const w = Number(p.width);
            const h = Number(p.height);
            if (!row || !Number.isFinite(x + y + w + h)) return <g />;
            const [lo, hi] = row.range;
            // The bar spans [lo, hi] in w pixels: place the base, low and high ends on that line.
            const px = (v: number) => (hi === lo ? x : x + ((v - lo) / (hi - lo)) * w);
            const part = (v: number, color: string, end: string) => {
              const a = Math.min(px(v), px(base));
              return <rect x={a} y={y} width={Math.max(1, Math.abs(px(v) - px(base)))} height={h} fill={color} data-end={end} data-value={v} />;
            };
            return (
              <g data-testid="tornado-bar" data-label={row.label} data-low={row.atLow} data-high={row.atHigh}>
                {part(row.atLow, lowColor, 'low')}
                {part(row.atHigh, highColor, 'high')}
              </g>
            );
          }}
        />
      </BarChart>
    </ChartFigure>
  );
}
