import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';
import { tsconfigAliases } from './tools/testing/aliases';

const root = fileURLToPath(new URL('.', import.meta.url));

// Unit and integration tests (integration ones on a real PostgreSQL from the global setup).
export default defineConfig({
  resolve: { alias: tsconfigAliases(root) },
  test: {
    include: ['libs/**/*.test.ts', 'libs/**/*.test.tsx', 'tools/**/*.test.ts', 'apps/*/src/**/*.test.ts'],
    exclude: ['**/node_modules/**', '**/.next/**', 'apps/*/e2e/**'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: 'forks',
    globalSetup: ['tools/testing/global-setup.ts'],
  },
});
