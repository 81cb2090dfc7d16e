// The credit-risk figures the strategy dashboard reads: volume, decisions, overrides, loss avoided.
import type { Db } from '@platform/db';
import { AppError } from '@platform/util';
import { aggregateKpis } from './application-repository';
import type { TKpisInput } from './schemas';

export async function getFinanceKpis({ db, input }: { db: Db; input: TKpisInput }) {
  if (input.from > input.to) throw new AppError({ code: 'BAD_INPUT', message: 'The range starts after it ends', fieldErrors: { from: ['must be on or before "to"'] } });
  const k = await aggregateKpis({ db, from: input.from, to: input.to });
  const decided = k.decisions.reduce((s, d) => s + d.count, 0);
  const overrides = k.decisions.reduce((s, d) => s + d.overrides, 0);
  const count = (o: string) => k.decisions.find((d) => d.outcome === o)?.count ?? 0;
  return {
    from: input.from,
    to: input.to,
    applicationsScored: k.scored,
    decisions: { approve: count('approve'), decline: count('decline'), refer: count('refer'), total: decided },
    overrideRate: decided === 0 ? 0 : overrides / decided,
    // Versus approving everyone: the expected loss of the applications that were declined.
    expectedLossAvoided: k.expectedLossAvoided,
    expectedLossIfAllApproved: k.expectedLossAllApproved,
  };
}
