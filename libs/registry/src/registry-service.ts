import { createHash, randomUUID } from 'node:crypto';
import { Prisma } from '@platform/db';
import { AppError } from '@platform/util';
import { inTransaction, type TDbClient } from './db-client';
import { readCodeVersion } from './lineage';
import { buildModelCard, type TModelCard } from './model-card';
import {
  CHAMPION_ALIAS,
  findAliasVersionId,
  findAliasVersionIdByName,
  deleteAlias,
  findArtifact,
  findMetricsOfVersion,
  findModelByName,
  findVersion,
  findVersionModel,
  findVersionsOfModel,
  insertArtifacts,
  insertMetrics,
  insertVersion,
  lockModel,
  maxVersionNumber,
  upsertAlias,
  upsertModel,
} from './registry-repository';
import { ZRegisterModelVersionInput, type TRegisterModelVersionInput, type TRegisterModelVersionParsed } from './schemas';
import { parseOrThrow } from './validation';

const sha256Hex = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex');

const isUniqueViolation = (error: unknown): boolean => error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2002';

/**
 * Validates a registration without storing anything (the same checks `registerModelVersion` runs), so a job
 * can fail before its commit rather than inside it.
 */
export function parseRegistration(input: TRegisterModelVersionInput): TRegisterModelVersionParsed {
  return parseOrThrow({ schema: ZRegisterModelVersionInput, value: input, what: 'model registration' });
}

async function writeRegistration({ tx, input }: { tx: Prisma.TransactionClient; input: TRegisterModelVersionParsed }) {
  const model = await upsertModel({ db: tx, model: input.model });
  if (model.domain !== input.model.domain || model.task !== input.model.task) {
    throw new AppError({
      code: 'CONFLICT',
      message: `Model ${model.name} is registered as ${model.domain}/${model.task}, not ${input.model.domain}/${input.model.task}`,
    });
  }
  await lockModel({ tx, modelId: model.id });
  const { parentVersionId } = input.version;
  if (parentVersionId !== undefined && (await findVersionModel({ db: tx, versionId: parentVersionId })) === null) {
    throw new AppError({ code: 'BAD_INPUT', message: `Invalid model registration: version.parentVersionId: no version ${parentVersionId}`, fieldErrors: { 'version.parentVersionId': ['no such version'] } });
  }
  if (input.trainingRunId !== undefined) {
    const run = await tx.trainingRun.findUnique({ where: { id: input.trainingRunId }, select: { modelName: true, versionId: true } });
    if (!run) throw new AppError({ code: 'BAD_INPUT', message: `Invalid model registration: trainingRunId: no training run ${input.trainingRunId}`, fieldErrors: { trainingRunId: ['no such training run'] } });
    if (run.modelName !== model.name) throw new AppError({ code: 'BAD_INPUT', message: `Invalid model registration: trainingRunId: run trained ${run.modelName}, not ${model.name}`, fieldErrors: { trainingRunId: ['belongs to another model'] } });
    if (run.versionId !== null) throw new AppError({ code: 'CONFLICT', message: `Training run ${input.trainingRunId} already produced version ${run.versionId}` });
  }

  const number = (await maxVersionNumber({ db: tx, modelId: model.id })) + 1;
  const codeVersion = input.version.codeVersion ?? readCodeVersion();
  const versionId = input.versionId ?? randomUUID();
  const card: TModelCard = buildModelCard({
    model: input.model,
    version: { number, dataFingerprint: input.version.dataFingerprint, codeVersion, backend: input.version.backend, hyperparameters: input.version.hyperparameters, parentVersionId },
    metrics: input.metrics,
    input: input.card,
    trainingRunId: input.trainingRunId ?? null,
  });
  const version = await insertVersion({
    db: tx,
    data: {
      id: versionId,
      modelId: model.id,
      version: number,
      parentVersionId,
      dataFingerprint: input.version.dataFingerprint,
      codeVersion,
      backend: input.version.backend,
      hyperparameters: input.version.hyperparameters as Prisma.InputJsonValue,
      card: card as unknown as Prisma.InputJsonValue,
    },
  });
  await insertMetrics({ db: tx, rows: input.metrics.map((m) => ({ ...m, versionId: version.id, runId: input.trainingRunId })) });
  // Copies typed as Uint8Array<ArrayBuffer>, which Prisma's Bytes requires (a Buffer may view a shared pool).
  const stored = input.artifacts.map((a) => ({ kind: a.kind, mediaType: a.mediaType, sha256: sha256Hex(a.content), sizeBytes: a.content.byteLength, content: new Uint8Array(a.content) }));
  await insertArtifacts({ db: tx, rows: stored.map((a) => ({ ...a, versionId: version.id })) });
  const artifacts = stored.map(({ kind, mediaType, sha256, sizeBytes }) => ({ kind, mediaType, sha256, sizeBytes }));
  if (input.trainingRunId !== undefined) {
    await tx.trainingRun.update({ where: { id: input.trainingRunId }, data: { versionId: version.id } });
  }
  if (input.setChampion) await upsertAlias({ db: tx, modelId: model.id, alias: CHAMPION_ALIAS, versionId: version.id });
  return { modelId: model.id, modelName: model.name, versionId: version.id, version: version.version, artifacts, champion: input.setChampion, card };
}

/**
 * Registers a trained model version in one transaction: the model (created on first use), version number
 * max+1, metrics, content-hashed artifacts, the model card, the link to its training run and, if asked, the
 * champion alias. Invalid input throws BAD_INPUT naming the fields, and nothing is stored.
 * Pass a transaction client as `db` to make it part of your own (audited) transaction.
 * @example
 * const { versionId, version } = await registerModelVersion({ db,
 *   model: { name: 'credit-default-lr', domain: 'finance', task: 'binary-classification', description: '…' },
 *   version: { dataFingerprint, backend: 'wasm', hyperparameters: { l2: 1e-3 } },
 *   metrics: [{ name: 'auc', value: 0.79, split: 'cv' }], artifacts: [{ kind: 'onnx', mediaType: 'application/onnx', content: bytes }],
 *   card, setChampion: true });
 */
export async function registerModelVersion(options: TRegisterModelVersionInput & { db: TDbClient }) {
  const { db, ...rest } = options;
  const input = parseRegistration(rest);
  const attempts = '$transaction' in db ? 5 : 1;
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await inTransaction({ db, fn: (tx) => writeRegistration({ tx, input }) });
    } catch (error) {
      // A first registration of a new model name racing another one can still collide on the unique name or
      // version; in our own transaction a fresh attempt sees the winner's rows. In a caller's transaction the
      // failed statement has aborted it, so only the caller can retry.
      if (!isUniqueViolation(error) || attempt >= attempts) {
        if (isUniqueViolation(error)) throw new AppError({ code: 'CONFLICT', message: `Could not register a version of ${input.model.name}: concurrent registration, try again` });
        throw error;
      }
    }
  }
}

async function requireModel({ db, modelName }: { db: TDbClient; modelName: string }) {
  const model = await findModelByName({ db, name: modelName });
  if (!model) throw new AppError({ code: 'NOT_FOUND', message: `No model named ${modelName}` });
  return model;
}

/**
 * A version with its metrics, artifact metadata (not content) and card.
 * @example const v = await getModelVersion({ db, versionId }); v.metrics; v.artifacts[0]?.sha256;
 */
export async function getModelVersion({ db, versionId }: { db: TDbClient; versionId: string }) {
  const version = await findVersion({ db, versionId });
  if (!version) throw new AppError({ code: 'NOT_FOUND', message: `No model version ${versionId}` });
  return version;
}

/**
 * The version a model's `champion` alias points at (what serving should load).
 * @example const champion = await getChampion({ db, modelName: 'credit-default-lr' });
 */
export async function getChampion({ db, modelName }: { db: TDbClient; modelName: string }) {
  const model = await requireModel({ db, modelName });
  const versionId = await findAliasVersionId({ db, modelId: model.id, alias: CHAMPION_ALIAS });
  if (versionId === undefined) throw new AppError({ code: 'NOT_FOUND', message: `Model ${modelName} has no champion version` });
  return getModelVersion({ db, versionId });
}

/**
 * Removes a model's champion alias, so nothing of that model serves (e.g. a challenger is withdrawn and the
 * previous model serves again). The caller audits it, passing its transaction client as `db`.
 * @example await clearChampion({ db: tx, modelName: 'credit-mlp' });
 */
export async function clearChampion({ db, modelName }: { db: TDbClient; modelName: string }) {
  const model = await requireModel({ db, modelName });
  const previousVersionId = (await findAliasVersionId({ db, modelId: model.id, alias: CHAMPION_ALIAS })) ?? null;
  if (!previousVersionId) throw new AppError({ code: 'CONFLICT', message: `Model ${modelName} has no champion to withdraw` });
  await deleteAlias({ db, modelId: model.id, alias: CHAMPION_ALIAS });
  return { modelName, previousVersionId };
}

/**
 * Only the champion's version id (null when there is none): one query, so a server can check on every
 * request whether the model it has cached is still the champion.
 * @example if ((await getChampionVersionId({ db, modelName })) !== cached.versionId) reload();
 */
export async function getChampionVersionId({ db, modelName }: { db: TDbClient; modelName: string }): Promise<string | null> {
  return (await findAliasVersionIdByName({ db, modelName, alias: CHAMPION_ALIAS })) ?? null;
}

/**
 * Points a model's champion alias at one of its versions. Changes what serving loads: the caller audits it
 * (pass its transaction client as `db` so the alias and the audit row commit together).
 * @example await db.$transaction(async (tx) => { await setChampion({ db: tx, modelName, versionId }); await audit(tx); });
 */
export async function setChampion({ db, modelName, versionId }: { db: TDbClient; modelName: string; versionId: string }) {
  const model = await requireModel({ db, modelName });
  const version = await findVersionModel({ db, versionId });
  if (!version || version.modelId !== model.id) throw new AppError({ code: 'NOT_FOUND', message: `Model ${modelName} has no version ${versionId}` });
  const previousVersionId = (await findAliasVersionId({ db, modelId: model.id, alias: CHAMPION_ALIAS })) ?? null;
  await upsertAlias({ db, modelId: model.id, alias: CHAMPION_ALIAS, versionId });
  return { modelName, versionId, version: version.version, previousVersionId };
}

/**
 * A model's versions, newest first, with overall metrics and which one is champion.
 * @example const versions = await listModelVersions({ db, modelName: 'credit-default-lr' });
 */
export async function listModelVersions({ db, modelName }: { db: TDbClient; modelName: string }) {
  const model = await requireModel({ db, modelName });
  const championId = await findAliasVersionId({ db, modelId: model.id, alias: CHAMPION_ALIAS });
  const versions = await findVersionsOfModel({ db, modelId: model.id });
  return versions.map((v) => ({ ...v, champion: v.id === championId }));
}

/**
 * An artifact's bytes, after checking them against the sha256 recorded at registration: corrupted or
 * tampered content throws rather than being served.
 * @example const onnx = await getArtifact({ db, versionId, kind: 'onnx' }); createOnnxSession({ bytes: onnx.content });
 */
export async function getArtifact({ db, versionId, kind }: { db: TDbClient; versionId: string; kind: string }) {
  const artifact = await findArtifact({ db, versionId, kind });
  if (!artifact) throw new AppError({ code: 'NOT_FOUND', message: `Model version ${versionId} has no ${kind} artifact` });
  const actual = sha256Hex(artifact.content);
  if (actual !== artifact.sha256 || artifact.content.byteLength !== artifact.sizeBytes) {
    throw new AppError({
      code: 'INTERNAL',
      message: `Artifact ${kind} of version ${versionId} failed its integrity check: sha256 ${actual} (${artifact.content.byteLength} bytes), recorded ${artifact.sha256} (${artifact.sizeBytes} bytes)`,
    });
  }
  return artifact;
}

export interface TVersionComparisonRow {
  name: string;
  slice: string;
  split: string;
  a: number | null;
  b: number | null;
  /** b − a, where both have the metric. */
  delta: number | null;
}

/**
 * Metric-by-metric table of two versions (any models), one row per name/slice/split either has.
 * @example const { rows } = await compareVersions({ db, a: championId, b: challengerId }); // rows[0].delta
 */
export async function compareVersions({ db, a, b }: { db: TDbClient; a: string; b: string }) {
  const [va, vb] = await Promise.all([getModelVersion({ db, versionId: a }), getModelVersion({ db, versionId: b })]);
  const [ma, mb] = await Promise.all([findMetricsOfVersion({ db, versionId: a }), findMetricsOfVersion({ db, versionId: b })]);
  const key = (m: { name: string; slice: string; split: string }) => JSON.stringify([m.name, m.slice, m.split]);
  const mapA = new Map(ma.map((m) => [key(m), m.value]));
  const mapB = new Map(mb.map((m) => [key(m), m.value]));
  const keys = [...new Set([...mapA.keys(), ...mapB.keys()])].sort();
  const rows: TVersionComparisonRow[] = keys.map((k) => {
    const [name = '', slice = '', split = ''] = JSON.parse(k) as string[];
    const x = mapA.get(k) ?? null;
    const y = mapB.get(k) ?? null;
    return { name, slice, split, a: x, b: y, delta: x !== null && y !== null ? y - x : null };
  });
  const describe = (v: typeof va) => ({ id: v.id, modelName: v.model.name, version: v.version, dataFingerprint: v.dataFingerprint, codeVersion: v.codeVersion, backend: v.backend });
  return { a: describe(va), b: describe(vb), rows };
}
