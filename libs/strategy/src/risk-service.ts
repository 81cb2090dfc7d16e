// The risk register: technical, market and legal risks scored likelihood × impact, each change audited.
import { randomUUID } from 'node:crypto';
import { runAudited, type TAuditActor } from '@platform/audit';
import type { Db, Prisma } from '@platform/db';
import { AppError } from '@platform/util';
import type { TCreateRiskInput, TUpdateRiskInput } from './schemas';
import { findInitiative, findRisk, findRisks, insertRisk, updateRiskRow } from './strategy-repository';

const details = (v: TCreateRiskInput): Prisma.InputJsonValue => ({ ...v, reviewDate: v.reviewDate.toISOString().slice(0, 10) });

/** Score = likelihood × impact (1–25): the order of the register and the cell of the heat map. */
export const riskScore = ({ likelihood, impact }: { likelihood: number; impact: number }) => likelihood * impact;

async function checkInitiative({ db, initiativeId }: { db: Db; initiativeId: string | null }) {
  if (initiativeId && !(await findInitiative({ db, id: initiativeId }))) {
    throw new AppError({ code: 'BAD_INPUT', message: `No initiative ${initiativeId}`, fieldErrors: { initiativeId: ['is not an initiative'] } });
  }
}

/** Every risk, highest score first (closed ones last), and the heat map of the open and mitigating ones. */
export async function listRisks({ db }: { db: Db }) {
  const rows = await findRisks({ db });
  const risks = rows
    .map(({ initiative, ...r }) => ({ ...r, initiativeName: initiative?.name ?? null, score: riskScore(r) }))
    .sort((a, b) => Number(a.status === 'closed') - Number(b.status === 'closed') || b.score - a.score || a.title.localeCompare(b.title));
  // heatMap[likelihood - 1][impact - 1] = how many live risks sit in that cell.
  const heatMap = Array.from({ length: 5 }, () => new Array<number>(5).fill(0));
  for (const r of risks) {
    const row = heatMap[r.likelihood - 1];
    if (r.status !== 'closed' && row) row[r.impact - 1] = (row[r.impact - 1] ?? 0) + 1;
  }
  return { risks, heatMap };
}

export async function createRisk({ db, actor, input }: { db: Db; actor: TAuditActor; input: TCreateRiskInput }) {
  await checkInitiative({ db, initiativeId: input.initiativeId });
  const id = randomUUID();
  return runAudited({ db, actor, app: 'strategy', action: 'strategy.risk.create', target: 'strategy_risk', targetId: id, details: details(input) }, (tx) => insertRisk({ db: tx, id, data: input }));
}

export async function updateRisk({ db, actor, input }: { db: Db; actor: TAuditActor; input: TUpdateRiskInput }) {
  const { id, ...data } = input;
  const before = await findRisk({ db, id });
  if (!before) throw new AppError({ code: 'NOT_FOUND', message: `No risk ${id}` });
  await checkInitiative({ db, initiativeId: data.initiativeId });
  const { initiative: _i, createdAt: _c, updatedAt: _u, id: _id, ...previous } = before;
  return runAudited(
    { db, actor, app: 'strategy', action: 'strategy.risk.update', target: 'strategy_risk', targetId: id, details: { before: details(previous), after: details(data) } },
    (tx) => updateRiskRow({ db: tx, id, data }),
  );
}
