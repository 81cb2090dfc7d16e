// General-purpose charts on recharts (client components): axes with tick values, tooltips on hover, an
// accessible name. Props are plain data (formats are objects, not functions) so server pages can render them.
export { CurveChart } from './curve-chart';
export type { TCurveChartProps, TCurveSeries, TCurvePoint } from './curve-chart';
export { BarChart } from './bar-chart';
export type { TBarChartProps, TBarSeries, TBarDatum } from './bar-chart';
export { HorizontalBarChart } from './horizontal-bar-chart';
export type { THorizontalBarChartProps, THorizontalBar } from './horizontal-bar-chart';
export { TornadoChart } from './tornado-chart';
export type { TTornadoChartProps, TTornadoBar } from './tornado-chart';
export { WaterfallChart } from './waterfall-chart';
export type { TWaterfallChartProps, TWaterfallStep } from './waterfall-chart';
export { formatChartNumber, niceScale, niceTicks, tickFormat } from './format';
export type { TNumberFormat } from './format';
