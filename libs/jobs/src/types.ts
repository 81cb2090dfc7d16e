import type { Db, Prisma } from '@platform/db';
import type { TQueueSettings } from './boss';

export interface TJobContext<TPayload> {
  db: Db;
  jobRunId: string;
  payload: TPayload;
  attempt: number;
  /** Stores progress (0..1) for the UI's progress bar; throws JobCancelledError once a user cancels. */
  progress: (fraction: number, message?: string) => Promise<void>;
  signal: AbortSignal;
}

export interface TJobOutcome {
  result: Prisma.InputJsonValue;
  /** Writes that must happen exactly once, committed with the run's completion. */
  commit?: (tx: Prisma.TransactionClient) => Promise<void>;
  /** Runs in this process once `commit` has committed (not on a duplicate delivery): drop caches it made stale. */
  afterCommit?: () => void;
  /**
   * The compute backend the handler ran on (ml-core's backend id, e.g. `tfjs-node-gpu`, `wasm`). With
   * `gpu: true` the run's wall time is recorded as GPU seconds; otherwise GPU seconds are 0.
   */
  backend?: TJobBackend;
}

export interface TJobBackend {
  id: string;
  gpu: boolean;
}

/** What one attempt of a handler used, as the worker measured it around `run`. */
export interface TJobCompute {
  cpuSeconds: number;
  wallSeconds: number;
  gpuSeconds: number;
  backend: string | null;
}

export interface TJobDefinition<TPayload = unknown> {
  kind: string;
  /** Validates the payload at enqueue time and again in the worker. */
  parse: (payload: unknown) => TPayload;
  settings: TQueueSettings;
  // A method (not a property) so a list of definitions with different payloads type-checks as TJobDefinition<unknown>[].
  run(ctx: TJobContext<TPayload>): Promise<TJobOutcome>;
}

export class JobCancelledError extends Error {
  constructor() {
    super('Job was cancelled');
    this.name = 'JobCancelledError';
  }
}

/** Keeps the payload type of a definition while storing many in one list. */
export function defineJob<TPayload>(definition: TJobDefinition<TPayload>): TJobDefinition<TPayload> {
  return definition;
}
