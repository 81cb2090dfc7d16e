'use client';
// One horizontal bar per item, long labels on the left: contributions that add or subtract (signed, coloured
// by sign around a zero line), feature importances, rankings. Hovering a bar shows its label and value.
import { Bar, BarChart, CartesianGrid, Cell, ReferenceLine, Rectangle, Tooltip, XAxis, YAxis, type BarShapeProps, type TooltipContentProps, type YAxisTickContentProps } from 'recharts';
import { AXIS_TICK, ChartFigure, ChartTooltipBox, GRID_STROKE, xAxisTitle } from './chart-parts';
import { formatChartNumber, niceScale, tickFormat, type TNumberFormat } from './format';

export interface THorizontalBar {
  key: string;
  label: string;
  value: number;
}

export interface THorizontalBarChartProps {
  title: string;
  /** Label of the value axis, e.g. "Points". */
  valueLabel: string;
  bars: readonly THorizontalBar[];
  format?: TNumberFormat;
  /** Colour bars by sign (negative / positive) around a zero line; otherwise all bars take `color`. */
  signed?: boolean;
  color?: string;
  negativeColor?: string;
  positiveColor?: string;
  /** Width reserved for the labels on the left, in pixels. */
  labelWidth?: number;
  /** Height of one bar's row, in pixels; the chart grows with the number of bars. */
  rowHeight?: number;
  width?: number;
  caption?: string;
  testId?: string;
  /** `data-testid` of each bar's SVG group (which also carries `data-label` and `data-value`). */
  barTestId?: string;
}

const AXIS_HEIGHT = 44;

export function HorizontalBarChart({
  title,
  valueLabel,
  bars,
  format = { digits: 1 },
  signed = false,
  color = '#4f46e5',
  negativeColor = '#dc2626',
  positiveColor = '#059669',
  labelWidth = 240,
  rowHeight = 26,
  width,
  caption,
  testId,
  barTestId,
}: THorizontalBarChartProps) {
  const fillOf = (v: number) => (signed ? (v < 0 ? negativeColor : positiveColor) : color);
  const maxChars = Math.max(8, Math.floor((labelWidth - 12) / 6.2));
  const tooltip = ({ active, payload }: TooltipContentProps) => {
    const bar = payload[0]?.payload as THorizontalBar | undefined;
    if (!active || !bar) return null;
    return <ChartTooltipBox heading={bar.label} rows={[{ name: valueLabel, value: bar.value, color: fillOf(bar.value), format }]} />;
  };
  const height = Math.max(120, bars.length * rowHeight + AXIS_HEIGHT + 16);
  const values = bars.map((b) => b.value);
  const scale = niceScale({ min: Math.min(0, ...values), max: Math.max(0, ...values) });
  const valueTickFormat = tickFormat(scale.ticks, format);
  return (
    <ChartFigure testId={testId} caption={caption} width={width}>
      <BarChart
        title={title}
        role="img"
        layout="vertical"
        data={[...bars]}
        width={width ?? '100%'}
        height={height}
        responsive={width === undefined}
        margin={{ top: 8, right: 24, bottom: 8, left: 8 }}
        barCategoryGap="18%"
      >
        <CartesianGrid stroke={GRID_STROKE} horizontal={false} />
        <XAxis
          type="number"
          domain={scale.domain}
          ticks={scale.ticks}
          tickFormatter={(v: number) => formatChartNumber(v, valueTickFormat)}
          tick={AXIS_TICK}
          height={AXIS_HEIGHT}
          label={xAxisTitle(valueLabel)}
        />
        <YAxis
          type="category"
          dataKey="label"
          width={labelWidth}
          interval={0}
          tick={(props: YAxisTickContentProps) => <CategoryTick x={Number(props.x)} y={Number(props.y)} label={String(props.payload.value)} maxChars={maxChars} />}
        />
        {signed ? <ReferenceLine x={0} stroke="#64748b" /> : null}
        <Tooltip content={tooltip} cursor={{ fill: '#f1f5f9' }} isAnimationActive={false} />
        <Bar
          dataKey="value"
          name={valueLabel}
          isAnimationActive={false}
          shape={(p: BarShapeProps) => {
            const bar = p.payload as THorizontalBar | undefined;
            return (
              <g data-testid={barTestId} data-label={bar?.label} data-value={bar?.value}>
                <Rectangle {...p} />
              </g>
            );
          }}
        >
          {bars.map((b) => (
            <Cell key={b.key} fill={fillOf(b.value)} />
          ))}
        </Bar>
      </BarChart>
    </ChartFigure>
  );
}

/** A label on the category axis, shortened with an ellipsis when it would not fit (the full text on hover). */
function CategoryTick({ x, y, label: full, maxChars }: { x: number; y: number; label: string; maxChars: number }) {
  const text = full.length > maxChars ? `${full.slice(0, maxChars - 1)}…` : full;
  return (
    <text x={x} y={y} dy={4} textAnchor="end" fontSize={AXIS_TICK.fontSize} fill={AXIS_TICK.fill} className="recharts-cartesian-axis-tick-value">
      <title>{full}</title>
      {text}
    </text>
  );
}
