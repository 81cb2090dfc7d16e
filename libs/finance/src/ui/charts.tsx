// Monitoring charts of the credit-risk domain: thin mappings of the monitoring service's figures onto the
// shared charts in @platform/ui (which own the axes, ticks, tooltips and accessible names).
import { BarChart, CurveChart } from '@platform/ui';

const rate = { digits: 3 } as const;
const percent = { style: 'percent', digits: 1 } as const;

/** ROC curve from the monitoring service's (fpr, tpr) points, with the chance diagonal. */
export function RocChart({ roc, width = 340, height = 320 }: { roc: readonly { fpr: number; tpr: number }[]; width?: number; height?: number }) {
  return (
    <CurveChart
      title="ROC curve"
      testId="roc-chart"
      xLabel="False positive rate"
      yLabel="True positive rate"
      series={[{ name: 'Champion', points: roc.map((p) => ({ x: p.fpr, y: p.tpr })) }]}
      xFormat={rate}
      yFormat={rate}
      diagonal
      caption="Dashed diagonal: a model no better than chance. Hover a point for its rates."
      width={width}
      height={height}
    />
  );
}

/** Reliability curve: mean predicted PD against the observed bad rate per bin; empty bins are left out. */
export function CalibrationChart({
  bins,
  width = 340,
  height = 320,
}: {
  bins: readonly { meanPredicted: number | null; fractionPositive: number | null }[];
  width?: number;
  height?: number;
}) {
  const points = bins.flatMap((b) => (b.meanPredicted === null || b.fractionPositive === null ? [] : [{ x: b.meanPredicted, y: b.fractionPositive }]));
  return (
    <CurveChart
      title="Calibration"
      testId="calibration-chart"
      xLabel="Predicted PD"
      yLabel="Observed bad rate"
      series={[{ name: 'Champion', points }]}
      xFormat={percent}
      yFormat={percent}
      diagonal
      caption="Dashed diagonal: perfect calibration. One point per tenth of the PD range."
      width={width}
      height={height}
    />
  );
}

/** Applications per score band, stacked by outcome (good, bad, not known yet). */
export function ScoreDistributionChart({ bands, height = 300 }: { bands: readonly { from: number; to: number; good: number; bad: number; unknown: number }[]; height?: number }) {
  return (
    <BarChart
      title="Score distribution"
      testId="score-distribution-chart"
      xLabel="Score (points, band start)"
      yLabel="Applications"
      stacked
      series={[
        { key: 'good', name: 'Good', color: '#059669' },
        { key: 'bad', name: 'Bad', color: '#dc2626' },
        { key: 'unknown', name: 'No outcome yet', color: '#94a3b8' },
      ]}
      data={bands.map((b) => ({
        label: String(b.from),
        tooltipLabel: `Score ${b.from} to under ${b.to}`,
        values: { good: b.good, bad: b.bad, unknown: b.unknown },
      }))}
      yFormat={{ digits: 0 }}
      height={height}
      caption={`Applications per ${bands[0] ? bands[0].to - bands[0].from : 20}-point score band, stacked by outcome. Hover a column for its counts.`}
    />
  );
}
