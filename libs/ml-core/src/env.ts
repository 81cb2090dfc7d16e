import { z } from 'zod';

/** Backend ids accepted by `ML_BACKEND` (and by `initBackend({ backend })`). */
export const ML_BACKEND_IDS = ['tfjs-node-gpu', 'tfjs-node', 'wasm', 'cpu'] as const;

// An empty variable (`ML_BACKEND=`) is how shells and compose files unset things: treat it as absent.
const emptyAsUndefined = (value: unknown): unknown => (value === '' ? undefined : value);

export const ZMlCoreEnv = z.object({
  ML_BACKEND: z.preprocess(emptyAsUndefined, z.enum(ML_BACKEND_IDS).optional()),
  PLATFORM_DATA_DIR: z.preprocess(emptyAsUndefined, z.string().optional()),
});
export type TMlCoreEnv = z.infer<typeof ZMlCoreEnv>;

/**
 * Reads and validates the environment variables ml-core understands. The only place in ml-core that reads
 * `process.env`; parsed on call (not at import) so tests and tools can pass their own source.
 *
 * @example
 * const { ML_BACKEND } = readMlCoreEnv(); // 'wasm' | 'cpu' | ... | undefined
 * readMlCoreEnv({ source: { ML_BACKEND: 'cpu' } }).ML_BACKEND; // 'cpu'
 */
export function readMlCoreEnv({ source = process.env }: { source?: Record<string, string | undefined> } = {}): TMlCoreEnv {
  const parsed = ZMlCoreEnv.safeParse(source);
  if (!parsed.success) {
    throw new Error(`ml-core: invalid environment: ${z.prettifyError(parsed.error)}`);
  }
  return parsed.data;
}
