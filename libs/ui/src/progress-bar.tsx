import { cn } from './cn';

/** Accessible progress bar (0..1). */
export function ProgressBar({ value, label, tone = 'indigo' }: { value: number; label: string; tone?: 'indigo' | 'green' | 'red' }) {
  const pct = Math.round(Math.max(0, Math.min(1, value)) * 100);
  return (
    <div>
      <div className="mb-1 flex justify-between text-xs text-slate-600">
        <span>{label}</span>
        <span>{pct}%</span>
      </div>
      <div role="progressbar" aria-label={label} aria-valuemin={0} aria-valuemax={100} aria-valuenow={pct} className="h-2 w-full overflow-hidden rounded-full bg-slate-200">
        <div
          className={cn('h-full transition-all', tone === 'green' ? 'bg-green-600' : tone === 'red' ? 'bg-red-600' : 'bg-indigo-600')}
          style={{ width: `${pct}%` }}
        />
      </div>
    </div>
  );
}
