import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const root = fileURLToPath(new URL('.', import.meta.url));
const lib = (p: string) => `${root}libs/${p}`;

// Aliases mirror tsconfig.base.json paths so tests import libs exactly as the apps do.
export default defineConfig({
  resolve: {
    alias: [
      { find: /^@platform\/ml-core\/(.+)$/, replacement: lib('ml-core/src/$1/index.ts') },
      { find: /^@platform\/(finance|imaging|retail|strategy)\/ui$/, replacement: lib('$1/src/ui/index.ts') },
      { find: /^@platform\/api\/client$/, replacement: lib('api/src/client.tsx') },
      { find: /^@platform\/api\/next$/, replacement: lib('api/src/next.ts') },
      { find: /^@platform\/auth\/client$/, replacement: lib('auth/src/client.ts') },
      { find: /^@platform\/db\/(boot|testing|seed)$/, replacement: lib('db/src/$1.ts') },
      { find: /^@platform\/([a-z-]+)$/, replacement: lib('$1/src/index.ts') },
    ],
  },
  test: {
    include: ['libs/**/*.test.ts', 'libs/**/*.test.tsx', 'tools/**/*.test.ts'],
    exclude: ['**/node_modules/**', '**/.next/**', 'apps/*/e2e/**'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: 'forks',
  },
});
