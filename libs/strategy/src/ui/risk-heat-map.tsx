// Likelihood × impact: a 5 × 5 grid counting the risks still open or being mitigated in each cell, darker
// (and red) as the score rises. Server-rendered HTML, readable without colour: every cell says its count.

const tone = (score: number) => (score >= 15 ? 'bg-red-200 text-red-900' : score >= 8 ? 'bg-amber-100 text-amber-900' : 'bg-emerald-50 text-emerald-900');

export function RiskHeatMap({ heatMap }: { heatMap: readonly (readonly number[])[] }) {
  const levels = [5, 4, 3, 2, 1];
  return (
    <table className="border-separate border-spacing-1 text-center text-sm" aria-label="Risk heat map: likelihood by impact" data-testid="risk-heat-map">
      <caption className="caption-bottom pt-1 text-xs text-slate-500">Open and mitigating risks; score = likelihood × impact.</caption>
      <thead>
        <tr>
          <th scope="col" className="text-xs font-medium text-slate-500">Likelihood ↓ / Impact →</th>
          {[1, 2, 3, 4, 5].map((i) => (
            <th key={i} scope="col" className="w-12 text-xs font-medium text-slate-500">
              {i}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {levels.map((l) => (
          <tr key={l}>
            <th scope="row" className="text-xs font-medium text-slate-500">
              {l}
            </th>
            {[1, 2, 3, 4, 5].map((i) => {
              const count = heatMap[l - 1]?.[i - 1] ?? 0;
              return (
                <td key={i} className={`h-10 w-12 rounded ${tone(l * i)}`} data-cell={`${l}x${i}`} data-count={count} title={`Likelihood ${l}, impact ${i}: ${count}`}>
                  {count > 0 ? <span className="font-semibold">{count}</span> : <span className="text-slate-400">0</span>}
                </td>
              );
            })}
          </tr>
        ))}
      </tbody>
    </table>
  );
}
