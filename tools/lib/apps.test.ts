import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { isBuilt } from './apps';

// A miniature repository: a built risk app, its sources and the shared build inputs, with controlled mtimes.
let root: string;
const BUILT_AT = new Date('2026-01-01T12:00:00Z');
const BEFORE = new Date('2026-01-01T11:00:00Z');
const AFTER = new Date('2026-01-01T13:00:00Z');

function write(file: string, at: Date) {
  const full = path.join(root, file);
  fs.mkdirSync(path.dirname(full), { recursive: true });
  fs.writeFileSync(full, 'x');
  fs.utimesSync(full, at, at);
}

beforeEach(() => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'is-built-'));
  for (const file of [
    'apps/risk/src/app/page.tsx',
    'apps/risk/e2e/access.spec.ts',
    'apps/imaging/src/app/page.tsx',
    'libs/ui/src/states.tsx',
    'libs/ui/src/states.test.tsx',
    'tools/next/create-next-config.mjs',
    'tools/start.ts',
    'tsconfig.base.json',
    'prisma/schema.prisma',
    'libs/db/src/generated/prisma/client.ts',
  ])
    write(file, BEFORE);
  write('apps/risk/.next/BUILD_ID', BUILT_AT);
});
afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

describe('isBuilt', () => {
  it('is false with no build and true for a build newer than every input', () => {
    expect(isBuilt({ app: 'imaging', root })).toBe(false);
    expect(isBuilt({ app: 'risk', root })).toBe(true);
  });

  it.each(['apps/risk/src/app/page.tsx', 'libs/ui/src/states.tsx', 'tools/next/create-next-config.mjs', 'tsconfig.base.json', 'prisma/schema.prisma'])(
    'a build is stale once %s changes',
    (file) => {
      write(file, AFTER);
      expect(isBuilt({ app: 'risk', root })).toBe(false);
    },
  );

  it.each(['apps/risk/e2e/access.spec.ts', 'libs/ui/src/states.test.tsx', 'apps/imaging/src/app/page.tsx', 'tools/start.ts', 'libs/db/src/generated/prisma/client.ts'])(
    'editing %s, which the build does not read (or npm install rewrites), keeps it',
    (file) => {
      write(file, AFTER);
      expect(isBuilt({ app: 'risk', root })).toBe(true);
    },
  );
});
