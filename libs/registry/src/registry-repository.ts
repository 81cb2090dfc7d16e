// The only code in libs/registry that touches Prisma for the registry tables.
import type { Prisma } from '@platform/db';
import type { TDbClient } from './db-client';

export const CHAMPION_ALIAS = 'champion';

const metricSelect = { name: true, value: true, slice: true, split: true } as const;
const artifactMetaSelect = { kind: true, sha256: true, sizeBytes: true, mediaType: true, createdAt: true } as const;

export const versionSelect = {
  id: true,
  version: true,
  status: true,
  parentVersionId: true,
  dataFingerprint: true,
  codeVersion: true,
  backend: true,
  hyperparameters: true,
  card: true,
  createdAt: true,
  model: { select: { id: true, name: true, domain: true, task: true, description: true } },
  metrics: { select: metricSelect, orderBy: [{ name: 'asc' }, { slice: 'asc' }, { split: 'asc' }] },
  artifacts: { select: artifactMetaSelect, orderBy: { kind: 'asc' } },
  trainingRuns: { select: { id: true, status: true }, orderBy: { startedAt: 'asc' } },
} as const satisfies Prisma.ModelVersionSelect;

export async function upsertModel({ db, model }: { db: TDbClient; model: { name: string; domain: string; task: string; description: string } }) {
  return db.model.upsert({
    where: { name: model.name },
    create: model,
    update: { description: model.description },
    select: { id: true, name: true, domain: true, task: true },
  });
}

/** Row lock on the model until the transaction ends: serialises version numbering per model. */
export async function lockModel({ tx, modelId }: { tx: Prisma.TransactionClient; modelId: string }): Promise<void> {
  await tx.$queryRaw`SELECT id FROM "model" WHERE id = ${modelId} FOR UPDATE`;
}

export async function maxVersionNumber({ db, modelId }: { db: TDbClient; modelId: string }): Promise<number> {
  const agg = await db.modelVersion.aggregate({ where: { modelId }, _max: { version: true } });
  return agg._max.version ?? 0;
}

export async function findModelByName({ db, name }: { db: TDbClient; name: string }) {
  return db.model.findUnique({ where: { name }, select: { id: true, name: true } });
}

export async function findVersionModel({ db, versionId }: { db: TDbClient; versionId: string }) {
  return db.modelVersion.findUnique({ where: { id: versionId }, select: { id: true, modelId: true, version: true } });
}

export async function insertVersion({ db, data }: { db: TDbClient; data: Prisma.ModelVersionUncheckedCreateInput }) {
  return db.modelVersion.create({ data, select: { id: true, version: true } });
}

export async function insertMetrics({ db, rows }: { db: TDbClient; rows: Prisma.MetricCreateManyInput[] }) {
  if (rows.length > 0) await db.metric.createMany({ data: rows });
}

export async function insertArtifacts({ db, rows }: { db: TDbClient; rows: Prisma.ArtifactCreateManyInput[] }) {
  // One row at a time: createMany would build one huge statement from several large byte arrays.
  for (const data of rows) await db.artifact.create({ data, select: { id: true } });
}

export async function upsertAlias({ db, modelId, alias, versionId }: { db: TDbClient; modelId: string; alias: string; versionId: string }) {
  await db.modelAlias.upsert({
    where: { modelId_alias: { modelId, alias } },
    create: { modelId, alias, versionId },
    update: { versionId },
  });
}

export async function deleteAlias({ db, modelId, alias }: { db: TDbClient; modelId: string; alias: string }) {
  const { count } = await db.modelAlias.deleteMany({ where: { modelId, alias } });
  return count;
}

export async function findAliasVersionId({ db, modelId, alias }: { db: TDbClient; modelId: string; alias: string }) {
  const row = await db.modelAlias.findUnique({ where: { modelId_alias: { modelId, alias } }, select: { versionId: true } });
  return row?.versionId;
}

/** One indexed lookup: which version a model's alias points at (by model name), or undefined. */
export async function findAliasVersionIdByName({ db, modelName, alias }: { db: TDbClient; modelName: string; alias: string }) {
  const row = await db.modelAlias.findFirst({ where: { alias, model: { name: modelName } }, select: { versionId: true } });
  return row?.versionId;
}

export async function findVersion({ db, versionId }: { db: TDbClient; versionId: string }) {
  return db.modelVersion.findUnique({ where: { id: versionId }, select: versionSelect });
}

export async function findVersionsOfModel({ db, modelId }: { db: TDbClient; modelId: string }) {
  return db.modelVersion.findMany({
    where: { modelId },
    orderBy: { version: 'desc' },
    select: {
      id: true,
      version: true,
      status: true,
      parentVersionId: true,
      dataFingerprint: true,
      codeVersion: true,
      backend: true,
      createdAt: true,
      metrics: { select: metricSelect, where: { slice: 'all' }, orderBy: [{ name: 'asc' }, { split: 'asc' }] },
    },
  });
}

export async function findArtifact({ db, versionId, kind }: { db: TDbClient; versionId: string; kind: string }) {
  return db.artifact.findUnique({
    where: { versionId_kind: { versionId, kind } },
    select: { ...artifactMetaSelect, content: true },
  });
}

export async function findMetricsOfVersion({ db, versionId }: { db: TDbClient; versionId: string }) {
  return db.metric.findMany({ where: { versionId }, select: metricSelect });
}
