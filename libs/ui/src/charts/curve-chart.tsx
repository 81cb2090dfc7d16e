'use client';
// Curves of (x, y) points on numeric axes: ROC, calibration/reliability, precision–recall, learning curves,
// forecasts against actuals. Each series keeps its own x values (curves rarely share them), so it is drawn
// as a joined scatter: every point can be hovered for its values.
import { CartesianGrid, Legend, ReferenceLine, Scatter, ScatterChart, Tooltip, XAxis, YAxis, type ScatterShapeProps, type TooltipContentProps } from 'recharts';
import { AXIS_TICK, ChartFigure, ChartTooltipBox, GRID_STROKE, chartColor, legendText, xAxisTitle, yAxisTitle } from './chart-parts';
import { formatChartNumber, niceTicks, tickFormat, type TNumberFormat } from './format';

export interface TCurvePoint {
  x: number;
  y: number;
}

export interface TCurveSeries {
  name: string;
  points: readonly TCurvePoint[];
  color?: string;
}

export interface TCurveChartProps {
  /** Accessible name of the chart (and its SVG title). */
  title: string;
  xLabel: string;
  yLabel: string;
  series: readonly TCurveSeries[];
  /** Axis ranges; default [0, 1] on both (probabilities and rates). */
  xDomain?: readonly [number, number];
  yDomain?: readonly [number, number];
  xFormat?: TNumberFormat;
  yFormat?: TNumberFormat;
  /** Dashed y = x line over the shared range: chance for ROC, perfect calibration for reliability (say which in `caption`). */
  diagonal?: boolean;
  /** Pixel width; omitted, the chart fills its container's width. */
  width?: number;
  height?: number;
  caption?: string;
  testId?: string;
}

interface TDatum extends TCurvePoint {
  series: string;
}

const decimals = { digits: 2 } as const satisfies TNumberFormat;

export function CurveChart({
  title,
  xLabel,
  yLabel,
  series,
  xDomain = [0, 1],
  yDomain = [0, 1],
  xFormat = decimals,
  yFormat = decimals,
  diagonal = false,
  width,
  height = 300,
  caption,
  testId,
}: TCurveChartProps) {
  const [x0, x1] = xDomain;
  const [y0, y1] = yDomain;
  const lo = Math.max(x0, y0);
  const hi = Math.min(x1, y1);
  const xTicks = niceTicks({ min: x0, max: x1 });
  const yTicks = niceTicks({ min: y0, max: y1 });
  const xTickFormat = tickFormat(xTicks, xFormat);
  const yTickFormat = tickFormat(yTicks, yFormat);
  const tooltip = ({ active, payload }: TooltipContentProps) => {
    const datum = payload[0]?.payload as TDatum | undefined;
    if (!active || !datum) return null;
    return (
      <ChartTooltipBox
        heading={series.length > 1 ? datum.series : undefined}
        rows={[
          { name: xLabel, value: datum.x, format: xFormat },
          { name: yLabel, value: datum.y, format: yFormat },
        ]}
      />
    );
  };
  return (
    <ChartFigure testId={testId} caption={caption} width={width}>
      <ScatterChart
        title={title}
        role="img"
        width={width ?? '100%'}
        height={height}
        responsive={width === undefined}
        margin={{ top: 8, right: 16, bottom: 8, left: 8 }}
      >
        <CartesianGrid stroke={GRID_STROKE} />
        <XAxis
          type="number"
          dataKey="x"
          name={xLabel}
          domain={[x0, x1]}
          ticks={xTicks}
          tickFormatter={(v: number) => formatChartNumber(v, xTickFormat)}
          tick={AXIS_TICK}
          height={44}
          label={xAxisTitle(xLabel)}
          allowDataOverflow
        />
        <YAxis
          type="number"
          dataKey="y"
          name={yLabel}
          domain={[y0, y1]}
          ticks={yTicks}
          tickFormatter={(v: number) => formatChartNumber(v, yTickFormat)}
          tick={AXIS_TICK}
          width={60}
          label={yAxisTitle(yLabel)}
          allowDataOverflow
        />
        {diagonal && hi > lo ? (
          <ReferenceLine
            segment={[
              { x: lo, y: lo },
              { x: hi, y: hi },
            ]}
            stroke="#94a3b8"
            strokeDasharray="5 4"
            ifOverflow="hidden"
          />
        ) : null}
        <Tooltip content={tooltip} cursor={{ strokeDasharray: '3 3', stroke: '#94a3b8' }} isAnimationActive={false} />
        {series.length > 1 ? <Legend verticalAlign="top" height={24} itemSorter={null} wrapperStyle={{ fontSize: 12 }} formatter={legendText} /> : null}
        {series.map((s, i) => {
          const color = chartColor(i, s.color);
          const data: TDatum[] = s.points.map((p) => ({ ...p, series: s.name }));
          return (
            <Scatter
              key={s.name}
              name={s.name}
              data={data}
              fill={color}
              line={{ stroke: color, strokeWidth: 2 }}
              lineType="joint"
              isAnimationActive={false}
              shape={(p: ScatterShapeProps) => <CurveDot {...p} color={color} />}
            />
          );
        })}
      </ScatterChart>
    </ChartFigure>
  );
}

/** A small visible dot inside a larger transparent target, so thin curves are easy to hover. */
function CurveDot({ cx, cy, isActive, color }: ScatterShapeProps & { color: string }) {
  if (cx === undefined || cy === undefined) return null;
  return (
    <g className="recharts-curve-dot">
      <circle cx={cx} cy={cy} r={9} fill="transparent" />
      <circle cx={cx} cy={cy} r={isActive ? 5 : 2.5} fill={color} stroke="#fff" strokeWidth={isActive ? 1.5 : 0} />
    </g>
  );
}
