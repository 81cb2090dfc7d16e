import { z } from 'zod';

// The only place in tools/prisma-engine that reads process.env.
const ZPrismaEngineEnv = z.object({
  DATABASE_URL: z
    .string()
    .trim()
    .refine((v) => v === '' || /^postgres(ql)?:\/\//.test(v), 'DATABASE_URL must start with postgres:// or postgresql://')
    .optional(),
});

export type TPrismaEngineEnv = z.infer<typeof ZPrismaEngineEnv>;

export function readPrismaEngineEnv(source: NodeJS.ProcessEnv = process.env): TPrismaEngineEnv {
  const parsed = ZPrismaEngineEnv.safeParse({ DATABASE_URL: source.DATABASE_URL });
  if (!parsed.success) {
    const detail = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    throw new Error(`Invalid environment: ${detail}`);
  }
  return parsed.data;
}
