// The Nx tags are only worth something if lint refuses a forbidden import: prove that it does.
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { ESLint } from 'eslint';
import { beforeAll, describe, expect, it } from 'vitest';
import { repoRoot } from '@platform/db';

let eslint: ESLint;
beforeAll(() => {
  // The boundary rule reads Nx's cached project graph and silently skips itself without one.
  execFileSync(path.join(repoRoot, 'node_modules/.bin/nx'), ['show', 'projects'], {
    cwd: repoRoot,
    env: { ...process.env, NX_DAEMON: 'false', NX_NO_CLOUD: 'true' },
    stdio: 'ignore',
  });
  eslint = new ESLint({ cwd: repoRoot });
}, 60_000);

async function boundaryErrors(file: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: path.join(repoRoot, file) });
  return (result?.messages ?? []).filter((m) => m.ruleId === '@nx/enforce-module-boundaries' || m.ruleId === 'no-restricted-imports').map((m) => m.message);
}

describe('module boundaries', () => {
  it('a domain lib may not import another domain', async () => {
    const errors = await boundaryErrors('libs/finance/src/probe.ts', "import { imagingRouter } from '@platform/imaging';\nexport const x = imagingRouter;\n");
    expect(errors.join('\n')).toMatch(/scope:finance.*can only depend on.*scope:finance.*scope:shared/);
  });

  it('ml-core may not import the database or a domain', async () => {
    const errors = await boundaryErrors('libs/ml-core/src/probe.ts', "import { getDb } from '@platform/db';\nexport const x = getDb;\n");
    expect(errors.length).toBeGreaterThan(0);
  });

  it('ui may import only ui and util libs', async () => {
    const errors = await boundaryErrors('libs/ui/src/probe.ts', "import { getDb } from '@platform/db';\nexport const x = getDb;\n");
    expect(errors.join('\n')).toMatch(/type:ui.*can only depend on.*type:ui.*type:util/);
  });

  it('the strategy app may compose finance aggregates, but no strategy lib may import finance', async () => {
    const probe = "import { ZKpisInput } from '@platform/finance';\nexport const x = ZKpisInput;\n";
    expect(await boundaryErrors('apps/strategy/src/probe.ts', probe)).toEqual([]);
    expect((await boundaryErrors('libs/strategy/src/probe.ts', probe)).join('\n')).toMatch(/scope:strategy.*type:feature.*scope:finance/);
    // Only finance: imaging stays out of the strategy app.
    expect(await boundaryErrors('apps/strategy/src/probe.ts', "import { imagingRouter } from '@platform/imaging';\nexport const x = imagingRouter;\n")).not.toEqual([]);
  });

  it('allows what the layering allows', async () => {
    expect(await boundaryErrors('libs/finance/src/probe.ts', "import { router } from '@platform/api';\nexport const x = router;\n")).toEqual([]);
  });
});
