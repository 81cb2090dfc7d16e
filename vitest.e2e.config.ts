import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';
import { tsconfigAliases } from './tools/testing/aliases';

const root = fileURLToPath(new URL('.', import.meta.url));

// End-to-end specs: real pages in headless Chromium against production builds of the four apps.
export default defineConfig({
  resolve: { alias: tsconfigAliases(root) },
  test: {
    include: ['apps/*/e2e/**/*.spec.ts'],
    exclude: ['**/node_modules/**'],
    globalSetup: ['tools/testing/e2e-setup.ts'],
    testTimeout: 90_000,
    hookTimeout: 600_000,
    fileParallelism: false,
    pool: 'forks',
  },
});
