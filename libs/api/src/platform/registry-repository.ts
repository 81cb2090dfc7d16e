import type { Db } from '@platform/db';

/** Models of one domain with their champion version and its headline metrics. */
export async function findModelsForDomain({ db, domain }: { db: Db; domain: string }) {
  return db.model.findMany({
    where: { domain },
    orderBy: { name: 'asc' },
    select: {
      id: true,
      name: true,
      task: true,
      description: true,
      _count: { select: { versions: true } },
      aliases: {
        where: { alias: 'champion' },
        select: {
          version: {
            select: {
              version: true,
              backend: true,
              createdAt: true,
              metrics: { where: { slice: 'all' }, select: { name: true, value: true, split: true } },
            },
          },
        },
      },
    },
  });
}
