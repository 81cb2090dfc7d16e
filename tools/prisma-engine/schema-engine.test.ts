import fs from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runPrisma } from './prisma';
import { createTempProject, findFreePort, makeTempDir, parseEngineLog, runSchemaEngine } from './testing/harness';

// No database here: the engine's command line, its error contract with the CLI, and the version pin.

const nodeModules = fileURLToPath(new URL('../../node_modules/', import.meta.url));

/** (Not `require.resolve`: these packages' `exports` do not list package.json.) */
async function readPackageJson(name: string): Promise<unknown> {
  return JSON.parse(await fs.readFile(path.join(nodeModules, name, 'package.json'), 'utf8'));
}

function field(value: unknown, ...keys: string[]): unknown {
  let current = value;
  for (const key of keys) {
    if (typeof current !== 'object' || current === null) return undefined;
    current = (current as Record<string, unknown>)[key];
  }
  return current;
}

/** The CLI's reading of `schema-engine cli ...` stderr: first line skipped, then the ERROR line. */
function cliError(stderr: string) {
  const [first, ...rest] = parseEngineLog(stderr);
  expect(first?.fields.message).toBe('Starting schema engine CLI');
  return rest.find((line) => line.level === 'ERROR' && line.target === 'schema_engine::logger')?.fields;
}

describe('schema-engine executable', () => {
  it('reports the same engine commit the Prisma CLI was built for (the protocol is internal)', async () => {
    const { code, stdout } = await runSchemaEngine({ args: ['--version'] });
    expect(code).toBe(0);
    const enginesVersion = field(await readPackageJson('@prisma/engines-version'), 'prisma', 'enginesVersion');
    const wasmVersion = field(await readPackageJson('@prisma/schema-engine-wasm'), 'version');
    expect(typeof enginesVersion).toBe('string');
    expect(stdout.trim()).toBe(`schema-engine-cli ${String(enginesVersion)}`);
    expect(String(wasmVersion).endsWith(String(enginesVersion))).toBe(true);
  });

  it('cli can-connect-to-database: unreachable server gives P1001 naming host and port', async () => {
    const port = await findFreePort(); // nothing listens there
    const url = `postgresql://app:secret@127.0.0.1:${port}/platform`;
    const { code, stderr } = await runSchemaEngine({
      args: ['--datasource', JSON.stringify({ url }), 'cli', 'can-connect-to-database'],
    });
    expect(code).toBe(1);
    const error = cliError(stderr);
    expect(error?.error_code).toBe('P1001');
    expect(error?.message).toContain(`Can't reach database server at \`127.0.0.1:${port}\``);
    expect(stderr).not.toContain('secret');
  });

  it('cli can-connect-to-database: a non-PostgreSQL URL gives P1013', async () => {
    const { code, stderr } = await runSchemaEngine({
      args: ['--datasource', JSON.stringify({ url: 'mysql://root@localhost:3306/app' }), 'cli', 'can-connect-to-database'],
    });
    expect(code).toBe(1);
    const error = cliError(stderr);
    expect(error?.error_code).toBe('P1013');
    expect(error?.message).toMatch(/supports PostgreSQL only/);
  });

  it('cli can-connect-to-database: no url at all gives a pointer to DATABASE_URL', async () => {
    const { code, stderr } = await runSchemaEngine({ args: ['--datasource', '{}', 'cli', 'can-connect-to-database'] });
    expect(code).toBe(1);
    expect(cliError(stderr)?.message).toContain('DATABASE_URL');
  });

  it('rejects an unknown cli command', async () => {
    const { code, stderr } = await runSchemaEngine({
      args: ['--datasource', JSON.stringify({ url: 'postgresql://localhost/x' }), 'cli', 'explode'],
    });
    expect(code).toBe(1);
    expect(cliError(stderr)?.message).toContain('Unknown cli command `explode`');
  });

  describe('through the Prisma CLI', () => {
    let project = '';
    beforeAll(async () => {
      project = await createTempProject({
        dir: await makeTempDir('prisma-engine-unit-'),
        schema: 'datasource db {\n  provider = "postgresql"\n}\n\nmodel Thing {\n  id Int @id\n}\n',
      });
    });
    afterAll(async () => {
      if (project) await fs.rm(project, { recursive: true, force: true });
    });

    it('`migrate deploy` against an unreachable server fails with the P1001 message, not a download error', async () => {
      const port = await findFreePort();
      const { code, stdout, stderr } = await runPrisma({
        args: ['migrate', 'deploy'],
        databaseUrl: `postgresql://app:secret@127.0.0.1:${port}/platform`,
        cwd: project,
      });
      const output = `${stdout}\n${stderr}`;
      expect(code).toBe(1);
      expect(output).toContain('P1001');
      expect(output).toContain(`Can't reach database server at \`127.0.0.1:${port}\``);
      expect(output).not.toMatch(/binaries\.prisma\.sh|download/i);
    });
  });
});
