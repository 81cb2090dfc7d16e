import type { Db } from '@platform/db';
import type { TAppKey, TSessionUser } from '@platform/auth';
import { listJobs } from '@platform/jobs';
import { countRecentAuditByActor, findAuditRows } from '@platform/audit';
import { findModelsForDomain } from './registry-repository';

const DOMAIN_OF_APP: Record<TAppKey, string> = { strategy: 'strategy', risk: 'finance', imaging: 'imaging', retail: 'retail' };

/** What a user's home page shows: models, jobs and their own recent activity, straight from the database. */
/** Registered models of one domain with champion version and metrics (the registry's view for a vertical). */
export async function listDomainModels({ db, domain }: { db: Db; domain: string }) {
  const models = await findModelsForDomain({ db, domain });
  return models.map((m) => ({
    id: m.id,
    name: m.name,
    task: m.task,
    description: m.description,
    versions: m._count.versions,
    champion: m.aliases[0]?.version ?? null,
  }));
}

export async function getAppOverview({ db, app, user }: { db: Db; app: TAppKey; user: TSessionUser }) {
  const since = new Date(Date.now() - 7 * 24 * 3600 * 1000);
  const [models, jobs, myActionsThisWeek, myRecent] = await Promise.all([
    listDomainModels({ db, domain: DOMAIN_OF_APP[app] }),
    listJobs({ db, app, limit: 5 }),
    countRecentAuditByActor({ db, actorId: user.id, since }),
    findAuditRows({ db, filter: { actorEmail: user.email }, limit: 5 }),
  ]);
  return {
    models,
    jobs,
    myActionsThisWeek,
    myRecent: myRecent.rows,
  };
}
