// Measured compute priced at the configured rates: the job system records CPU/GPU seconds per run
// (job_run), and each initiative is charged the runs of the app it is linked to. Nobody types this line.
import { runAudited, type TAuditActor } from '@platform/audit';
import type { Db } from '@platform/db';
import { periodIndexOf } from './cash-flows';
import type { TComputeRatesInput } from './schemas';
import { findComputeRates, findJobCompute, sumJobComputeByApp, upsertComputeRates } from './strategy-repository';

/** Until an executive sets rates: a cloud vCPU-hour and a data-centre GPU-hour, roughly, in DM. */
export const DEFAULT_COMPUTE_RATES = { cpuHourRate: 0.1, gpuHourRate: 5 } as const;

export interface TComputeRates {
  cpuHourRate: number;
  gpuHourRate: number;
  /** False while the defaults apply. */
  configured: boolean;
}

export async function getComputeRates({ db }: { db: Db }): Promise<TComputeRates> {
  const row = await findComputeRates({ db });
  return row ? { cpuHourRate: row.cpuHourRate, gpuHourRate: row.gpuHourRate, configured: true } : { ...DEFAULT_COMPUTE_RATES, configured: false };
}

export async function updateComputeRates({ db, actor, input }: { db: Db; actor: TAuditActor; input: TComputeRatesInput }) {
  const before = await getComputeRates({ db });
  const row = await runAudited(
    { db, actor, app: 'strategy', action: 'strategy.computeRates.update', target: 'strategy_setting', targetId: 'default', details: { before: { cpuHourRate: before.cpuHourRate, gpuHourRate: before.gpuHourRate }, after: input } },
    (tx) => upsertComputeRates({ db: tx, ...input, updatedById: actor.id }),
  );
  return { cpuHourRate: row.cpuHourRate, gpuHourRate: row.gpuHourRate, configured: true };
}

export const priceCompute = ({ cpuSeconds, gpuSeconds, rates }: { cpuSeconds: number; gpuSeconds: number; rates: Pick<TComputeRates, 'cpuHourRate' | 'gpuHourRate'> }) =>
  (cpuSeconds / 3600) * rates.cpuHourRate + (gpuSeconds / 3600) * rates.gpuHourRate;

export interface TMeasuredCompute {
  app: string | null;
  runs: number;
  cpuSeconds: number;
  gpuSeconds: number;
  wallSeconds: number;
  cost: number;
  /** Cost per period of the initiative, DM. */
  perPeriod: number[];
}

/** Compute of the initiative's app over its horizon, per period (a run counts in the period it finished in). */
export async function measureInitiativeCompute({ db, app, boundaries, rates }: { db: Db; app: string | null; boundaries: readonly Date[]; rates: TComputeRates }): Promise<TMeasuredCompute> {
  const perPeriod = new Array<number>(Math.max(0, boundaries.length - 1)).fill(0);
  const from = boundaries[0];
  const to = boundaries[boundaries.length - 1];
  if (!app || !from || !to) return { app, runs: 0, cpuSeconds: 0, gpuSeconds: 0, wallSeconds: 0, cost: 0, perPeriod };
  const runs = await findJobCompute({ db, apps: [app], from, to });
  let cpuSeconds = 0;
  let gpuSeconds = 0;
  let wallSeconds = 0;
  for (const r of runs) {
    cpuSeconds += r.cpuSeconds;
    gpuSeconds += r.gpuSeconds;
    wallSeconds += r.wallSeconds;
    const k = r.finishedAt ? periodIndexOf({ boundaries, date: r.finishedAt }) : null;
    if (k !== null) perPeriod[k] = (perPeriod[k] ?? 0) + priceCompute({ cpuSeconds: r.cpuSeconds, gpuSeconds: r.gpuSeconds, rates });
  }
  return { app, runs: runs.length, cpuSeconds, gpuSeconds, wallSeconds, cost: priceCompute({ cpuSeconds, gpuSeconds, rates }), perPeriod };
}

/** Every app's measured compute, all time, and which initiative (if any) it is charged to. */
export async function listComputeByApp({ db, rates, chargedTo }: { db: Db; rates: TComputeRates; chargedTo: ReadonlyMap<string, string> }) {
  const rows = await sumJobComputeByApp({ db });
  return rows
    .map((r) => ({ ...r, cost: priceCompute({ ...r, rates }), initiative: chargedTo.get(r.app) ?? null }))
    .sort((a, b) => a.app.localeCompare(b.app));
}
