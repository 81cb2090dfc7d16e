import { defineConfig } from 'prisma/config';

// The url is read here (not in schema.prisma) as Prisma 7 requires; `env()` would throw when unset,
// and `prisma generate` must work without a database.
export default defineConfig({
  schema: 'prisma/schema.prisma',
  migrations: { path: 'prisma/migrations' },
  datasource: { url: process.env.DATABASE_URL ?? '' },
});
