// Waterfall-style bars: the base score, each attribute's points, and the total they add up to.
import { cn } from '@platform/ui';

export interface TChartContribution {
  key: string;
  label: string;
  points: number;
}

export function ContributionChart({ basePoints, contributions, score }: { basePoints: number; contributions: readonly TChartContribution[]; score: number }) {
  const sorted = [...contributions].sort((a, b) => a.points - b.points);
  const max = Math.max(1, ...sorted.map((c) => Math.abs(c.points)));
  const sum = basePoints + sorted.reduce((s, c) => s + c.points, 0);
  return (
    <figure className="space-y-1 text-xs" aria-label="Score contributions" data-testid="contribution-chart">
      <div className="flex items-center gap-2 font-medium">
        <span className="w-56 shrink-0 truncate">Base (average applicant)</span>
        <span className="tabular-nums" data-testid="contribution-base">{basePoints.toFixed(1)}</span>
      </div>
      {sorted.map((c) => (
        <div key={c.key} className="flex items-center gap-2" data-testid="contribution-bar" data-points={c.points.toFixed(6)}>
          <span className="w-56 shrink-0 truncate" title={c.label}>
            {c.label}
          </span>
          <div className="relative h-3 flex-1">
            <div className="absolute inset-y-0 left-1/2 w-px bg-slate-300" />
            <div
              className={cn('absolute inset-y-0', c.points < 0 ? 'right-1/2 bg-red-500' : 'left-1/2 bg-emerald-500')}
              style={{ width: `${(Math.abs(c.points) / max) * 50}%` }}
            />
          </div>
          <span className={cn('w-14 text-right tabular-nums', c.points < 0 ? 'text-red-700' : 'text-emerald-700')}>
            {c.points >= 0 ? '+' : ''}
            {c.points.toFixed(1)}
          </span>
        </div>
      ))}
      <figcaption className="flex items-center gap-2 border-t border-slate-200 pt-1 font-medium">
        <span className="w-56 shrink-0">Score = base + contributions</span>
        <span className="tabular-nums" data-testid="contribution-total">
          {sum.toFixed(1)} ≈ {score} points
        </span>
      </figcaption>
    </figure>
  );
}
