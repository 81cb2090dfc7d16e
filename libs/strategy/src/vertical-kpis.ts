// The contract a vertical implements to feed the strategy app's direct benefits. The strategy lib may not
// import a vertical (eslint depConstraints), so the strategy APP builds each provider over that vertical's
// published KPI procedure and hands the list in; a vertical without one shows as "no KPIs published yet".
import type { TVertical } from './schemas';

export interface TVerticalMetric {
  key: string;
  label: string;
  value: number;
  unit: 'DM' | 'count' | 'share' | 'hours';
}

export interface TVerticalKpiReading {
  metrics: TVerticalMetric[];
  /** The part of the reading that counts as the initiative's direct benefit over the range, in DM. */
  directBenefit: number;
}

export interface TVerticalKpiProvider {
  vertical: TVertical;
  /** Where the figures come from, shown beside them (e.g. `finance.kpis`). */
  source: string;
  /** How the direct benefit is computed from the metrics, in words, and what it leaves out. */
  formula: string;
  notes: string[];
  read: (range: { from: Date; to: Date }) => Promise<TVerticalKpiReading>;
}

export type TKpiSourceState =
  | { status: 'live'; readAt: Date }
  | { status: 'stale'; error: string; lastGoodAt: Date }
  | { status: 'unavailable'; error: string }
  | { status: 'not_published' };

export type TKpiReadResult = { reading: TVerticalKpiReading; state: TKpiSourceState } | { reading: null; state: TKpiSourceState };

const lastGood = new Map<string, { reading: TVerticalKpiReading; at: Date }>();

/**
 * Reads a provider with a timeout. A failure falls back to the last good reading of the same vertical and
 * range in this process (marked stale, with when it was read); with none, the source is unavailable and the
 * caller leaves it out of the totals and says so.
 */
export async function readVerticalKpis({ provider, range, timeoutMs = 5_000, now = () => new Date() }: { provider: TVerticalKpiProvider | undefined; range: { from: Date; to: Date }; timeoutMs?: number; now?: () => Date }): Promise<TKpiReadResult> {
  if (!provider) return { reading: null, state: { status: 'not_published' } };
  // Keyed by where the range starts: the current period ends "now", which moves on every read.
  const key = `${provider.vertical}:${range.from.toISOString()}`;
  let timer: ReturnType<typeof setTimeout> | undefined;
  try {
    const reading = await Promise.race([
      provider.read(range),
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`${provider.source} did not answer within ${timeoutMs} ms`)), timeoutMs);
      }),
    ]);
    const at = now();
    lastGood.set(key, { reading, at });
    return { reading, state: { status: 'live', readAt: at } };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const previous = lastGood.get(key);
    if (previous) return { reading: previous.reading, state: { status: 'stale', error: message, lastGoodAt: previous.at } };
    return { reading: null, state: { status: 'unavailable', error: message } };
  } finally {
    if (timer) clearTimeout(timer);
  }
}
