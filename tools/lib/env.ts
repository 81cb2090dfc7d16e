import { z } from 'zod';

// The tools' view of the environment, validated once.
const ZToolsEnv = z.object({
  CI: z.string().optional(),
  BETTER_AUTH_SECRET: z.string().min(32).optional(),
  PLATFORM_SKIP_E2E: z.enum(['0', '1']).optional(),
  // How often the worker expires deliveries of killed workers (pg-boss maintenance); tests shorten it.
  JOBS_MAINTENANCE_SECONDS: z.coerce.number().int().min(1).default(30),
});

export const toolsEnv = ZToolsEnv.parse(process.env);
export const isCI = Boolean(toolsEnv.CI && toolsEnv.CI !== 'false' && toolsEnv.CI !== '0');
