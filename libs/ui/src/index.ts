// Shared Tailwind components: usable from server and client components (client ones are marked 'use client').
export { AppShell } from './app-shell';
export type { TNavItem, TShellUser, TOtherApp } from './app-shell';
export { SignInForm } from './sign-in-form';
export { SignOutButton } from './sign-out-button';
export { ProgressBar } from './progress-bar';
export { EmptyState, ErrorState, Card, Stat, Badge, PageHeader, AccessDenied } from './states';
export { DataTable } from './data-table';
export type { TColumn } from './data-table';
export { cn } from './cn';
export { CurveChart, BarChart, HorizontalBarChart, TornadoChart, WaterfallChart, formatChartNumber, niceScale, niceTicks, tickFormat } from './charts';
export type { TCurveChartProps, TCurveSeries, TCurvePoint, TBarChartProps, TBarSeries, TBarDatum, THorizontalBarChartProps, THorizontalBar, TNumberFormat, TTornadoChartProps, TTornadoBar, TWaterfallChartProps, TWaterfallStep } from './charts';
