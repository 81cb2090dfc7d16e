import { z } from 'zod';

export const testEnv = z
  .object({
    // Set by tools/test.ts so vitest reuses the server it booted; unset, the global setup boots its own.
    TEST_DATABASE_ADMIN_URL: z.string().min(1).optional(),
  })
  .parse(process.env);
