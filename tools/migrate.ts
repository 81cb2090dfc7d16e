// `npm run db:migrate`: apply migrations (air-gapped schema engine) and the idempotent seed to DATABASE_URL.
// docker-compose runs this once before the apps start.
import { readDbEnv } from '@platform/db';
import { migrateDatabase, seed } from './lib/database';

const url = readDbEnv().DATABASE_URL;
if (!url) {
  console.error('DATABASE_URL is not set');
  process.exit(1);
}
await migrateDatabase({ url });
const { usersCreated } = await seed({ url });
console.log(`migrated and seeded (${usersCreated} demo users created)`);
