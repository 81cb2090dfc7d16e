import { z } from 'zod';

// An empty variable is how shells and compose files unset things: treat it as absent.
const emptyAsUndefined = (value: unknown): unknown => (value === '' ? undefined : value);

export const ZRegistryEnv = z.object({
  /**
   * Code version to record on model versions when the deployment has no `.git` (container images,
   * release tarballs): e.g. the commit the image was built from.
   */
  PLATFORM_CODE_VERSION: z.preprocess(emptyAsUndefined, z.string().trim().min(1).max(200).optional()),
});
export type TRegistryEnv = z.infer<typeof ZRegistryEnv>;

/**
 * Reads and validates the registry's environment; the only place in libs/registry that reads `process.env`.
 * @example const { PLATFORM_CODE_VERSION } = readRegistryEnv();
 */
export function readRegistryEnv({ source = process.env }: { source?: Record<string, string | undefined> } = {}): TRegistryEnv {
  const parsed = ZRegistryEnv.safeParse(source);
  if (!parsed.success) throw new Error(`registry: invalid environment: ${z.prettifyError(parsed.error)}`);
  return parsed.data;
}
