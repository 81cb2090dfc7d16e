import { describe, expect, it } from 'vitest';
import { readVerticalKpis, type TVerticalKpiProvider } from './vertical-kpis';

const range = { from: new Date('2026-01-01T00:00:00Z'), to: new Date('2026-06-30T23:59:59Z') };
const providerWith = (read: TVerticalKpiProvider['read'], vertical: TVerticalKpiProvider['vertical'] = 'retail'): TVerticalKpiProvider => ({ vertical, source: 'retail.kpis', formula: 'f', notes: [], read });

describe('readVerticalKpis', () => {
  it('says "not published" for a vertical without a provider', async () => {
    expect(await readVerticalKpis({ provider: undefined, range })).toEqual({ reading: null, state: { status: 'not_published' } });
  });

  it('gives up after the timeout; with no earlier reading the source is unavailable', async () => {
    const hanging = providerWith(() => new Promise(() => undefined));
    const started = Date.now();
    const r = await readVerticalKpis({ provider: hanging, range, timeoutMs: 50 });
    expect(Date.now() - started).toBeLessThan(2_000);
    expect(r).toEqual({ reading: null, state: { status: 'unavailable', error: 'retail.kpis did not answer within 50 ms' } });
  });

  it('falls back to the last good reading of the same period, marked stale with its time', async () => {
    let up = true;
    const provider = providerWith(async () => {
      if (!up) throw new Error('connection refused');
      return { directBenefit: 42, metrics: [] };
    }, 'imaging');
    const goodAt = new Date('2026-07-01T08:00:00Z');
    expect(await readVerticalKpis({ provider, range, now: () => goodAt })).toMatchObject({ reading: { directBenefit: 42 }, state: { status: 'live', readAt: goodAt } });
    up = false;
    expect(await readVerticalKpis({ provider, range })).toEqual({ reading: { directBenefit: 42, metrics: [] }, state: { status: 'stale', error: 'connection refused', lastGoodAt: goodAt } });
    // Another period has no earlier reading.
    expect(await readVerticalKpis({ provider, range: { ...range, from: new Date('2025-01-01T00:00:00Z') } })).toMatchObject({ reading: null, state: { status: 'unavailable' } });
  });
});
