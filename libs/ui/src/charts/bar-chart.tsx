'use client';
// Columns over categories: histograms (bins as categories), counts per group, stacked when the parts of a
// whole matter. Hovering a column shows every series' value for that category (and their total when stacked).
import { Bar, BarChart as RechartsBarChart, CartesianGrid, Legend, Tooltip, XAxis, YAxis, type TooltipContentProps } from 'recharts';
import { AXIS_TICK, ChartFigure, ChartTooltipBox, GRID_STROKE, chartColor, legendText, xAxisTitle, yAxisTitle } from './chart-parts';
import { formatChartNumber, niceScale, tickFormat, type TNumberFormat } from './format';

export interface TBarSeries {
  key: string;
  name: string;
  color?: string;
}

export interface TBarDatum {
  /** The category (a bin such as "420–440", a group, a month). */
  label: string;
  /** Value per series key; a missing key counts as 0. */
  values: Readonly<Record<string, number>>;
  /** Heading of this category's tooltip when the axis label is terse (e.g. "Score 420 to 439"). */
  tooltipLabel?: string;
}

export interface TBarChartProps {
  title: string;
  xLabel: string;
  yLabel: string;
  series: readonly TBarSeries[];
  data: readonly TBarDatum[];
  /** Stack the series in one column per category (parts of a whole) instead of side by side. */
  stacked?: boolean;
  yFormat?: TNumberFormat;
  width?: number;
  height?: number;
  caption?: string;
  testId?: string;
}

export function BarChart({
  title,
  xLabel,
  yLabel,
  series,
  data,
  stacked = false,
  yFormat = {},
  width,
  height = 300,
  caption,
  testId,
}: TBarChartProps) {
  const colored = series.map((s, i) => ({ ...s, color: chartColor(i, s.color) }));
  const valuesOf = (d: TBarDatum) => colored.map((s) => d.values[s.key] ?? 0);
  const extent = data.map((d) => (stacked ? [valuesOf(d).reduce((a, b) => a + b, 0)] : valuesOf(d))).flat();
  const counts = yFormat.style !== 'percent' && (yFormat.digits ?? 0) === 0;
  const scale = niceScale({ min: Math.min(0, ...extent), max: Math.max(0, ...extent), integer: counts });
  const yTickFormat = tickFormat(scale.ticks, yFormat);
  const tooltip = ({ active, label }: TooltipContentProps) => {
    const datum = data.find((d) => d.label === String(label));
    if (!active || !datum) return null;
    const rows = colored.map((s) => ({ name: s.name, value: datum.values[s.key] ?? 0, color: s.color, format: yFormat }));
    const total = rows.reduce((sum, r) => sum + r.value, 0);
    return <ChartTooltipBox heading={datum.tooltipLabel ?? datum.label} rows={stacked && rows.length > 1 ? [...rows, { name: 'Total', value: total, format: yFormat }] : rows} />;
  };
  return (
    <ChartFigure testId={testId} caption={caption} width={width}>
      <RechartsBarChart
        title={title}
        role="img"
        data={[...data]}
        width={width ?? '100%'}
        height={height}
        responsive={width === undefined}
        margin={{ top: 8, right: 16, bottom: 8, left: 8 }}
        barCategoryGap="12%"
      >
        <CartesianGrid stroke={GRID_STROKE} vertical={false} />
        <XAxis
          dataKey="label"
          type="category"
          tick={AXIS_TICK}
          height={48}
          interval="preserveStartEnd"
          minTickGap={8}
          label={xAxisTitle(xLabel)}
        />
        <YAxis
          type="number"
          domain={scale.domain}
          ticks={scale.ticks}
          tickFormatter={(v: number) => formatChartNumber(v, yTickFormat)}
          tick={AXIS_TICK}
          width={64}
          label={yAxisTitle(yLabel)}
        />
        <Tooltip content={tooltip} cursor={{ fill: '#f1f5f9' }} isAnimationActive={false} />
        {colored.length > 1 ? <Legend verticalAlign="top" height={28} itemSorter={null} wrapperStyle={{ fontSize: 12 }} formatter={legendText} /> : null}
        {colored.map((s) => (
          <Bar
            key={s.key}
            name={s.name}
            dataKey={(d: TBarDatum) => d.values[s.key] ?? 0}
            fill={s.color}
            stackId={stacked ? 'stack' : undefined}
            isAnimationActive={false}
          />
        ))}
      </RechartsBarChart>
    </ChartFigure>
  );
}
