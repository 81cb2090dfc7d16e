// Model monitoring for risk officers and validators: discrimination, calibration, score distribution,
// confusion at the live threshold, PSI drift of a chosen window of applications against the training sample,
// fairness by age band and sex.
import type { Db } from '@platform/db';
import { brierScore, confusionMatrix, gini, ksStatistic, reliabilityCurve, rocAuc, rocCurve } from '@platform/ml-core/evaluation';
import { fairnessReport } from '@platform/ml-core/fairness';
import { renderModelCardMarkdown, type TModelCard } from '@platform/registry';
import { sexOf } from './codebook';
import { driftOfWindow, findScoredForMonitoring, scoreDistribution } from './application-repository';
import { DEFAULT_DRIFT_WINDOW_DAYS, type TDriftWindowDays, type TMonitoringInput } from './schemas';
import { loadScoreContext, servingModel } from './scoring-service';
import { GERMAN_SOURCE } from './seed-service';

export function ageBand({ age }: { age: number }): string {
  if (age < 25) return 'under 25';
  if (age < 35) return '25–34';
  if (age < 50) return '35–49';
  return '50 and over';
}

/** At most `max` points of a curve, always keeping the first and last (enough to draw it). */
function thin<T>(points: readonly T[], max: number): T[] {
  if (points.length <= max) return [...points];
  const step = (points.length - 1) / (max - 1);
  return Array.from({ length: max }, (_, i) => points[Math.round(i * step)] as T);
}

/**
 * Fewest recent applications whose PSI is read against the bands. Sampling noise alone gives PSI of about
 * (bins − 1)·(1/n + 1/N) for n recent and N training rows. Drawing windows of n applications from the German
 * Credit rows themselves (no drift at all; 200 windows per n; 21 features), the worst feature's PSI had a median
 * of 0.94 at n = 30 ("act"), 0.16 at n = 100, 0.07 at n = 200 (still ≥ 0.1 in 19% of windows) and 0.045 at
 * n = 300, where no window reached 0.1. Below this, PSI is still computed but gets no band.
 */
export const MIN_RECENT_FOR_PSI = 300;

const DAY_MS = 24 * 3600 * 1000;

/**
 * The `days` whole UTC days ending with `to` (today when absent): from 00:00:00.000 of the first day to
 * 23:59:59.999 of the last, so a window named by dates covers those dates exactly, whenever it is asked for.
 */
export function resolveDriftWindow({ days, to, now = new Date() }: { days: TDriftWindowDays; to?: string; now?: Date }): { days: TDriftWindowDays; from: Date; to: Date } {
  const lastDay = Date.parse(`${to ?? now.toISOString().slice(0, 10)}T00:00:00.000Z`);
  return { days, from: new Date(lastDay - (days - 1) * DAY_MS), to: new Date(lastDay + DAY_MS - 1) };
}

/** A stored card in the registry's shape, or null (versions registered before the registry wrote cards). */
export function readModelCard(card: unknown): TModelCard | null {
  if (typeof card !== 'object' || card === null || !('schemaVersion' in card) || card.schemaVersion !== 1) return null;
  return card as TModelCard;
}

export async function getMonitoring({ db, input = { days: DEFAULT_DRIFT_WINDOW_DAYS } }: { db: Db; input?: TMonitoringInput }) {
  const bounds = resolveDriftWindow({ days: input.days, to: input.to });
  const [rows, bandCounts, context] = await Promise.all([findScoredForMonitoring({ db, trainingSource: GERMAN_SOURCE }), scoreDistribution({ db, width: 20 }), loadScoreContext({ db })]);
  const serving = servingModel({ context });
  const labelled = rows.filter((r) => r.outcome !== null && r.pd !== null);
  const labels = labelled.map((r) => (r.outcome === 'bad' ? 1 : 0));
  const pds = labelled.map((r) => r.pd ?? 0);
  const threshold = serving.threshold;
  const performance =
    labels.length > 0 && labels.some((y) => y === 1) && labels.some((y) => y === 0)
      ? {
          n: labels.length,
          auc: rocAuc({ labels, scores: pds }),
          gini: gini({ labels, scores: pds }),
          ks: ksStatistic({ labels, scores: pds }),
          brier: brierScore({ labels, probabilities: pds }),
          roc: thin(rocCurve({ labels, scores: pds }), 60).map((p) => ({ fpr: p.fpr, tpr: p.tpr })),
          calibration: reliabilityCurve({ labels, probabilities: pds, bins: 10 }),
          // Positive = predicted bad = declined at the live threshold.
          confusion: confusionMatrix({ labels, predictions: pds.map((p) => (p >= threshold ? 1 : 0)) }),
        }
      : null;

  // Score distribution in 20-point bands, goods and bads apart, every band between the extremes shown.
  const bandsSeen = bandCounts.map((c) => c.band);
  const lo = Math.min(...bandsSeen, 600);
  const hi = Math.max(...bandsSeen, 580) + 20;
  const distribution = [];
  for (let b = lo; b < hi; b += 20) {
    const count = (outcome: string | null) => bandCounts.find((c) => c.band === b && c.outcome === outcome)?.count ?? 0;
    distribution.push({ from: b, to: b + 20, good: count('good'), bad: count('bad'), unknown: count(null) });
  }

  // Drift: the training sample (whenever it was loaded) against the applications created in the window,
  // counted per bin in PostgreSQL (the shared model-ops drift), so a year of applications is never loaded.
  const computed = await driftOfWindow({ db, from: bounds.from, to: bounds.to, trainingSource: GERMAN_SOURCE });
  const readable = computed.current >= MIN_RECENT_FOR_PSI;
  const driftWindowSummary = { ...bounds, reference: computed.reference, recent: computed.current, minimumRecent: MIN_RECENT_FOR_PSI };
  // Too few recent applications: the figures stay available but get no band, so nothing reads noise as drift.
  const drift =
    computed.features.length > 0
      ? { recent: computed.current, features: computed.features.map((f) => ({ key: f.key, label: f.label, psi: f.psi, band: readable ? f.band : null })) }
      : null;

  // Fairness of approvals (selection = approved; positive outcome = good).
  const approvals = labelled.map((r) => 1 - (r.pd ?? 0));
  const good = labelled.map((r) => (r.outcome === 'good' ? 1 : 0));
  const fairness =
    labelled.length > 0
      ? {
          byAge: fairnessReport({ yTrue: good, scores: approvals, groups: labelled.map((r) => ageBand({ age: r.age })), threshold: 1 - threshold }),
          bySex: fairnessReport({ yTrue: good, scores: approvals, groups: labelled.map((r) => sexOf({ personalStatusSex: r.personalStatusSex })), threshold: 1 - threshold }),
        }
      : null;

  const card = readModelCard(serving.card);
  const excluded = card?.training.hyperparameters.excludedInputs;
  const modelCard = {
    registeredAt: serving.registeredAt,
    intendedUse: card?.intendedUse ?? '',
    method: card?.evaluation.method ?? '',
    limitations: card?.limitations ?? [],
    outOfScopeUse: card?.outOfScopeUse ?? [],
    ethicalConsiderations: card?.ethicalConsiderations ?? [],
    excludedInputs: Array.isArray(excluded) ? excluded.map(String) : [],
    /** The whole card as Markdown (the registry's rendering), for export and review packs. */
    markdown: card ? renderModelCardMarkdown(card) : '',
    // Information values belong to the scorecard; an MLP champion has none.
    inputs: (serving.kind === 'scorecard' ? context.champion.scorecard.features : []).map((f) => ({ key: f.key, iv: f.binning.iv, bins: f.binning.bins.filter((b) => b.good + b.bad > 0).length })),
  };
  return { modelCard, championName: card?.model.name ?? (serving.kind === 'scorecard' ? 'credit-scorecard' : 'credit-mlp'), championVersion: serving.version, servedBy: `${serving.runtime} (${serving.executionProvider.toUpperCase()})`, threshold, cvMetrics: serving.metrics.filter((m) => m.split === 'cv'), performance, distribution, driftWindow: driftWindowSummary, drift, fairness };
}
