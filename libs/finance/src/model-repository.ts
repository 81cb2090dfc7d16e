// Registry tables, written by finance until @platform/registry lands (then these become calls to it).
import { createHash } from 'node:crypto';
import type { Db, Prisma } from '@platform/db';

export async function registerChampionVersion({
  db,
  model,
  version,
}: {
  db: Db;
  model: { name: string; domain: string; task: string; description: string };
  version: {
    dataFingerprint: string;
    codeVersion: string;
    backend: string;
    seed: number;
    wallTimeMs: number;
    hyperparameters: Prisma.InputJsonValue;
    card: Prisma.InputJsonValue;
    metrics: { name: string; value: number; split: string }[];
    artifact: { kind: string; mediaType: string; content: string };
  };
}): Promise<{ versionId: string; version: number }> {
  return db.$transaction(async (tx) => {
    const m = await tx.model.upsert({ where: { name: model.name }, create: model, update: { description: model.description }, select: { id: true } });
    const last = await tx.modelVersion.findFirst({ where: { modelId: m.id }, orderBy: { version: 'desc' }, select: { version: true } });
    const number = (last?.version ?? 0) + 1;
    const bytes = Buffer.from(version.artifact.content, 'utf8');
    const created = await tx.modelVersion.create({
      data: {
        modelId: m.id,
        version: number,
        dataFingerprint: version.dataFingerprint,
        codeVersion: version.codeVersion,
        backend: version.backend,
        hyperparameters: version.hyperparameters,
        card: version.card,
        metrics: { create: version.metrics.map((x) => ({ name: x.name, value: x.value, split: x.split })) },
        artifacts: {
          create: {
            kind: version.artifact.kind,
            mediaType: version.artifact.mediaType,
            sha256: createHash('sha256').update(bytes).digest('hex'),
            sizeBytes: bytes.length,
            content: bytes,
          },
        },
      },
      select: { id: true },
    });
    await tx.trainingRun.create({
      data: {
        modelName: model.name,
        versionId: created.id,
        status: 'succeeded',
        backend: version.backend,
        seed: version.seed,
        dataFingerprint: version.dataFingerprint,
        hyperparameters: version.hyperparameters,
        finishedAt: new Date(),
        wallTimeMs: version.wallTimeMs,
      },
    });
    await tx.modelAlias.upsert({
      where: { modelId_alias: { modelId: m.id, alias: 'champion' } },
      create: { modelId: m.id, alias: 'champion', versionId: created.id },
      update: { versionId: created.id },
    });
    return { versionId: created.id, version: number };
  });
}

/** The champion version of a model with one artifact's content, or null when none is registered. */
export async function findChampionArtifact({ db, modelName, kind }: { db: Db; modelName: string; kind: string }) {
  const alias = await db.modelAlias.findFirst({
    where: { alias: 'champion', model: { name: modelName } },
    select: {
      version: {
        select: {
          id: true,
          version: true,
          card: true,
          createdAt: true,
          artifacts: { where: { kind }, select: { content: true, sha256: true } },
          metrics: { select: { name: true, value: true, split: true } },
        },
      },
    },
  });
  if (!alias) return null;
  const artifact = alias.version.artifacts[0];
  if (!artifact) return null;
  return { versionId: alias.version.id, version: alias.version.version, card: alias.version.card, createdAt: alias.version.createdAt, metrics: alias.version.metrics, content: Buffer.from(artifact.content).toString('utf8'), sha256: artifact.sha256 };
}

/** Just the champion's version id: a cheap check of whether a cached model is still the champion. */
export async function findChampionVersionId({ db, modelName }: { db: Db; modelName: string }): Promise<string | null> {
  const alias = await db.modelAlias.findFirst({ where: { alias: 'champion', model: { name: modelName } }, select: { versionId: true } });
  return alias?.versionId ?? null;
}
