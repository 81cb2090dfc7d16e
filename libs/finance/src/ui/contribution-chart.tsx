// How one score adds up: the base score, each attribute's points (a signed bar each, on the shared chart),
// and the total they add up to. The same figures as a table below the chart: exact values for screen readers
// and for anyone who wants them, and present in the server-rendered page before the chart hydrates.
import { HorizontalBarChart } from '@platform/ui';

export interface TChartContribution {
  key: string;
  label: string;
  points: number;
}

export function ContributionChart({ basePoints, contributions, score }: { basePoints: number; contributions: readonly TChartContribution[]; score: number }) {
  const sorted = [...contributions].sort((a, b) => a.points - b.points);
  const sum = basePoints + sorted.reduce((s, c) => s + c.points, 0);
  return (
    <div className="space-y-2 text-sm" data-testid="contribution-chart">
      <p className="flex justify-between font-medium">
        <span>Base (average applicant)</span>
        <span className="tabular-nums" data-testid="contribution-base">
          {basePoints.toFixed(1)} points
        </span>
      </p>
      <HorizontalBarChart
        title="Score contributions"
        testId="contribution-bars"
        barTestId="contribution-chart-bar"
        valueLabel="Points (negative raise the risk)"
        bars={sorted.map((c) => ({ key: c.key, label: c.label, value: c.points }))}
        format={{ digits: 1, signed: true }}
        signed
        labelWidth={270}
        caption="Red bars lower the score (more risk), green bars raise it. Hover a bar for its points."
      />
      <details className="text-xs">
        <summary className="cursor-pointer text-slate-600">Points per attribute as a table</summary>
        <table className="mt-2 w-full" aria-label="Score contributions (table)">
          <thead>
            <tr className="text-left text-slate-500">
              <th className="py-0.5 font-medium">Attribute</th>
              <th className="py-0.5 text-right font-medium">Points</th>
            </tr>
          </thead>
          <tbody className="tabular-nums">
            {sorted.map((c) => (
              <tr key={c.key} data-testid="contribution-bar" data-points={c.points.toFixed(6)}>
                <td className="py-0.5">{c.label}</td>
                <td className={c.points < 0 ? 'py-0.5 text-right text-red-700' : 'py-0.5 text-right text-emerald-700'}>
                  {c.points >= 0 ? '+' : ''}
                  {c.points.toFixed(1)}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </details>
      <p className="flex justify-between border-t border-slate-200 pt-1 font-medium">
        <span>Score = base + contributions</span>
        <span className="tabular-nums" data-testid="contribution-total">
          {sum.toFixed(1)} ≈ {score} points
        </span>
      </p>
    </div>
  );
}
