// Which model serves, through which runtime — decided here, once, for any domain. A domain registers one
// adapter per model line (a registry model name: a scorecard, an MLP, gradient-boosted trees, a CNN…); each
// adapter knows how to load a registered version and score rows with it. The baseline line's champion serves
// unless a risk officer (or radiologist, or merchandiser) promoted a version of a challenger line; promotion is
// exclusive, so at most one challenger alias is ever set.
import type { Db, Prisma } from '@platform/db';
import { clearChampion, getChampionVersionId, listModelVersions, setChampion } from '@platform/registry';
import { AppError, createLogger } from '@platform/util';

type TDbOrTx = Db | Prisma.TransactionClient;

/** What every served version reports with its scores: what it is, where it runs, what it was measured at. */
export interface TServedVersionInfo {
  modelName: string;
  /** The adapter's kind ('scorecard', 'mlp', 'gbdt', 'cnn'…): what the UI says the model is. */
  kind: string;
  versionId: string;
  version: number;
  /** Output at or above which the model recommends the adverse outcome (decline, urgent…). */
  threshold: number;
  /** What runs it, e.g. 'onnxruntime-node'. */
  runtime: string;
  /** The runtime's execution provider in use ('cpu', 'cuda'). */
  executionProvider: string;
  metrics: { name: string; value: number; slice: string; split: string }[];
  card: unknown;
  registeredAt: Date;
}

/** A loaded version: its description plus the one call that scores rows with it. */
export interface TServedModel<TItem, TScore> extends TServedVersionInfo {
  score(items: readonly TItem[]): Promise<TScore[]>;
}

export interface TServedModelAdapter<TItem, TScore> {
  /** The registry model name of the line this adapter serves. */
  modelName: string;
  kind: string;
  /** How a person reads the line's name: 'MLP challenger', 'Gradient-boosted trees challenger'. */
  label: string;
  /** Loads a registered version (artifacts, sessions); the registry caches the result per version. */
  load(options: { db: Db; versionId: string }): Promise<TServedModel<TItem, TScore>>;
}

export interface TServingState<TItem, TScore> {
  /** The version that scores rows now. */
  serving: TServedModel<TItem, TScore>;
  /** The baseline line's champion (always registered), serving or not. */
  baseline: TServedModel<TItem, TScore>;
  /** The promoted challenger, when one serves instead of the baseline. */
  promoted: { modelName: string; versionId: string } | null;
}

/** Which way the serving model switches: promote a challenger version, or restore the baseline. */
export type TServingSwitchAction = 'promote' | 'restore';

export interface TServingSwitchPlan {
  action: TServingSwitchAction;
  modelName: string;
  versionId: string;
  version: number;
  /** What serves now, replaced by the switch. */
  from: { modelName: string; versionId: string; version: number };
  /** The promoted challenger version as planned (null: the baseline serves); checked again at commit. */
  promotedBefore: string | null;
}

export interface TServedModelRegistry<TItem, TScore> {
  baseline: TServedModelAdapter<TItem, TScore>;
  challengers: readonly TServedModelAdapter<TItem, TScore>[];
  /** The adapter of a model line, or NOT_FOUND naming it. */
  adapterFor(modelName: string): TServedModelAdapter<TItem, TScore>;
  /** A version of a line, loaded once per process (a failed load is retried next time). */
  loadVersion(options: { db: Db; modelName: string; versionId: string }): Promise<TServedModel<TItem, TScore>>;
  /** The promoted challenger's line and version (null: the baseline serves). */
  findPromoted(options: { db: TDbOrTx }): Promise<{ modelName: string; versionId: string } | null>;
  /** What serves now, and the baseline beside it. */
  resolveServing(options: { db: Db }): Promise<TServingState<TItem, TScore>>;
  /**
   * Makes `modelName`'s `versionId` the serving model inside the caller's transaction: promoting a challenger
   * version clears every other challenger alias; naming the baseline line clears them all.
   */
  setServing(options: { tx: Prisma.TransactionClient; modelName: string; versionId: string }): Promise<void>;
  /**
   * What a switch would do, or the domain error saying why it cannot: promote a version of any challenger line
   * (CONFLICT when already promoted, NOT_FOUND when no line has it), or restore the baseline's champion
   * (CONFLICT when it already serves). Asked when the switch is requested, and again by the job that does it.
   */
  planSwitch(options: { db: Db; action: TServingSwitchAction; versionId: string }): Promise<TServingSwitchPlan>;
  /**
   * Inside the transaction that stores the re-scored rows: checks nobody switched meanwhile (CONFLICT, and the
   * caller's transaction rolls back), then makes the plan's version serve.
   */
  commitSwitch(options: { tx: Prisma.TransactionClient; plan: TServingSwitchPlan }): Promise<void>;
}

const log = createLogger({ base: { lib: 'model-ops', service: 'served-model' } });

/**
 * @example
 * const models = createServedModelRegistry({ baseline: scorecardAdapter, challengers: [mlpAdapter, gbdtAdapter] });
 * const { serving } = await models.resolveServing({ db });
 * const scores = await serving.score(rows);
 */
export function createServedModelRegistry<TItem, TScore>({
  baseline,
  challengers,
}: {
  baseline: TServedModelAdapter<TItem, TScore>;
  challengers: readonly TServedModelAdapter<TItem, TScore>[];
}): TServedModelRegistry<TItem, TScore> {
  const all = [baseline, ...challengers];
  const names = new Set(all.map((a) => a.modelName));
  if (names.size !== all.length) throw new Error('createServedModelRegistry: two adapters serve the same model line');
  const cache = new Map<string, Promise<TServedModel<TItem, TScore>>>();

  const adapterFor = (modelName: string) => {
    const adapter = all.find((a) => a.modelName === modelName);
    if (!adapter) throw new AppError({ code: 'NOT_FOUND', message: `No served model line "${modelName}" (known: ${all.map((a) => a.modelName).join(', ')})` });
    return adapter;
  };

  const loadVersion = ({ db, modelName, versionId }: { db: Db; modelName: string; versionId: string }) => {
    const key = `${modelName}:${versionId}`;
    const hit = cache.get(key);
    if (hit) return hit;
    const loading = adapterFor(modelName).load({ db, versionId });
    cache.set(key, loading);
    loading.catch(() => cache.delete(key));
    return loading;
  };

  const findPromoted = async ({ db }: { db: TDbOrTx }) => {
    const ids = await Promise.all(challengers.map((a) => getChampionVersionId({ db, modelName: a.modelName })));
    const promoted = challengers.flatMap((a, i) => (ids[i] ? [{ modelName: a.modelName, versionId: ids[i] }] : []));
    if (promoted.length > 1) {
      // setServing never leaves two; an alias set by hand does. Serve the first line in order, and say so.
      log.warn('more than one challenger line is promoted: serving the first', { promoted });
    }
    return promoted[0] ?? null;
  };

  const versionsOf = async ({ db, modelName }: { db: Db; modelName: string }) => {
    try {
      return await listModelVersions({ db, modelName });
    } catch (error) {
      if (error instanceof AppError && error.code === 'NOT_FOUND') return [];
      throw error;
    }
  };

  const setServing = async ({ tx, modelName, versionId }: { tx: Prisma.TransactionClient; modelName: string; versionId: string }) => {
    const target = adapterFor(modelName);
    for (const other of challengers) {
      if (other.modelName === target.modelName) continue;
      if (await getChampionVersionId({ db: tx, modelName: other.modelName })) await clearChampion({ db: tx, modelName: other.modelName });
    }
    if (target !== baseline) await setChampion({ db: tx, modelName, versionId });
  };

  const resolveServing = async ({ db }: { db: Db }): Promise<TServingState<TItem, TScore>> => {
    const [baselineId, promoted] = await Promise.all([getChampionVersionId({ db, modelName: baseline.modelName }), findPromoted({ db })]);
    if (!baselineId) throw new AppError({ code: 'PRECONDITION_FAILED', message: `No champion ${baseline.modelName} is registered: run the seed` });
    const [base, challenger] = await Promise.all([
      loadVersion({ db, modelName: baseline.modelName, versionId: baselineId }),
      promoted ? loadVersion({ db, ...promoted }) : Promise.resolve(null),
    ]);
    return { serving: challenger ?? base, baseline: base, promoted };
  };

  return {
    baseline,
    challengers,
    adapterFor,
    loadVersion,
    findPromoted,
    resolveServing,
    setServing,
    async planSwitch({ db, action, versionId }) {
      const state = await resolveServing({ db });
      const from = { modelName: state.serving.modelName, versionId: state.serving.versionId, version: state.serving.version };
      const promotedBefore = state.promoted?.versionId ?? null;
      if (action === 'promote') {
        for (const adapter of challengers) {
          const target = (await versionsOf({ db, modelName: adapter.modelName })).find((v) => v.id === versionId);
          if (!target) continue;
          if (target.champion) throw new AppError({ code: 'CONFLICT', message: `${adapter.modelName} v${target.version} is already promoted` });
          return { action, modelName: adapter.modelName, versionId: target.id, version: target.version, from, promotedBefore };
        }
        throw new AppError({ code: 'NOT_FOUND', message: `No challenger version ${versionId} (lines: ${challengers.map((a) => a.modelName).join(', ')})` });
      }
      if (!state.promoted) throw new AppError({ code: 'CONFLICT', message: `${baseline.modelName} v${state.baseline.version} already serves` });
      if (state.baseline.versionId !== versionId) throw new AppError({ code: 'NOT_FOUND', message: `${versionId} is not the champion ${baseline.modelName} version` });
      return { action, modelName: baseline.modelName, versionId, version: state.baseline.version, from, promotedBefore };
    },
    async commitSwitch({ tx, plan }) {
      const promotedNow = (await findPromoted({ db: tx }))?.versionId ?? null;
      if (promotedNow !== plan.promotedBefore) {
        throw new AppError({ code: 'CONFLICT', message: 'The serving model changed while this switch was prepared: nothing was switched; ask again' });
      }
      await setServing({ tx, modelName: plan.modelName, versionId: plan.versionId });
    },
  };
}
