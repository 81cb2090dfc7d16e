// Small SVG charts for monitoring: a unit-square curve plot (ROC, calibration) and stacked bars.

export function CurvePlot({
  title,
  xLabel,
  yLabel,
  points,
  diagonal = true,
}: {
  title: string;
  xLabel: string;
  yLabel: string;
  points: readonly { x: number; y: number }[];
  diagonal?: boolean;
}) {
  const size = 220;
  const pad = 30;
  const sx = (v: number) => pad + v * (size - pad - 8);
  const sy = (v: number) => size - pad - v * (size - pad - 8);
  const path = points.map((p, i) => `${i === 0 ? 'M' : 'L'}${sx(p.x).toFixed(1)},${sy(p.y).toFixed(1)}`).join(' ');
  return (
    <svg viewBox={`0 0 ${size} ${size}`} className="h-56 w-56" role="img" aria-label={title}>
      <rect x={sx(0)} y={sy(1)} width={sx(1) - sx(0)} height={sy(0) - sy(1)} fill="none" stroke="#cbd5e1" />
      {diagonal ? <line x1={sx(0)} y1={sy(0)} x2={sx(1)} y2={sy(1)} stroke="#94a3b8" strokeDasharray="4 3" /> : null}
      <path d={path} fill="none" stroke="#4f46e5" strokeWidth={2} />
      {points.length <= 12 ? points.map((p, i) => <circle key={i} cx={sx(p.x)} cy={sy(p.y)} r={2.5} fill="#4f46e5" />) : null}
      <text x={size / 2} y={size - 6} textAnchor="middle" fontSize={10} fill="#475569">
        {xLabel}
      </text>
      <text x={10} y={size / 2} textAnchor="middle" fontSize={10} fill="#475569" transform={`rotate(-90 10 ${size / 2})`}>
        {yLabel}
      </text>
    </svg>
  );
}

export function StackedBars({ title, bars }: { title: string; bars: readonly { label: string; good: number; bad: number; unknown: number }[] }) {
  const max = Math.max(1, ...bars.map((b) => b.good + b.bad + b.unknown));
  const h = 140;
  const w = Math.max(1, bars.length) * 22;
  return (
    <figure aria-label={title}>
      <svg viewBox={`0 0 ${w} ${h + 30}`} className="h-48 w-full" role="img" aria-label={title} preserveAspectRatio="none">
        {bars.map((b, i) => {
          const gh = (b.good / max) * h;
          const bh = (b.bad / max) * h;
          const uh = (b.unknown / max) * h;
          return (
            <g key={b.label}>
              <rect x={i * 22 + 2} y={h - gh} width={18} height={gh} fill="#10b981">
                <title>{`${b.label}: ${b.good} good`}</title>
              </rect>
              <rect x={i * 22 + 2} y={h - gh - bh} width={18} height={bh} fill="#ef4444">
                <title>{`${b.label}: ${b.bad} bad`}</title>
              </rect>
              <rect x={i * 22 + 2} y={h - gh - bh - uh} width={18} height={uh} fill="#94a3b8">
                <title>{`${b.label}: ${b.unknown} no outcome yet`}</title>
              </rect>
              {i % 2 === 0 ? (
                <text x={i * 22 + 11} y={h + 14} textAnchor="middle" fontSize={8} fill="#475569">
                  {b.label}
                </text>
              ) : null}
            </g>
          );
        })}
      </svg>
      <figcaption className="text-xs text-slate-500">Green: good, red: bad, grey: no outcome yet. Bands of 20 points.</figcaption>
    </figure>
  );
}
