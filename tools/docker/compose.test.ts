// docker-compose cannot run on these machines (no Docker engine), so its wiring is checked by reading it.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { APP_INFO, APP_KEYS } from '@platform/auth';
import { repoRoot } from '@platform/db';

interface TService {
  image?: string;
  command?: string[];
  environment?: Record<string, string>;
  ports?: string[];
  depends_on?: Record<string, { condition: string }>;
  build?: { dockerfile: string };
  working_dir?: string;
}
const compose = parse(fs.readFileSync(path.join(repoRoot, 'docker-compose.yml'), 'utf8'), { merge: true }) as {
  services: Record<string, TService>;
};

describe('docker-compose.yml', () => {
  it('runs PostgreSQL 17 with a health check', () => {
    expect(compose.services.postgres?.image).toBe('postgres:17');
  });

  it('wires the four apps, the worker and the migration step to that server through DATABASE_URL', () => {
    const pg = compose.services.postgres?.environment ?? {};
    const expectedUrl = `postgresql://${pg.POSTGRES_USER}:${pg.POSTGRES_PASSWORD}@postgres:5432/${pg.POSTGRES_DB}`;
    for (const name of [...APP_KEYS, 'worker', 'migrate']) {
      const service = compose.services[name];
      expect(service, name).toBeDefined();
      expect(service?.environment?.DATABASE_URL, name).toBe(expectedUrl);
      expect(fs.existsSync(path.join(repoRoot, service?.build?.dockerfile ?? 'missing')), name).toBe(true);
    }
  });

  it('starts each app from its own folder on its own port, after migrations', () => {
    for (const app of APP_KEYS) {
      const service = compose.services[app];
      const port = String(APP_INFO[app].defaultPort);
      // From the app's folder: `next start apps/x` run from the root 404s the static assets. Served like
      // `npm start` does, by the server that records each request's TCP peer (X-Forwarded-For is not trusted).
      expect(service?.working_dir).toBe(`/platform/apps/${app}`);
      expect(service?.command).toEqual(['node', '../../tools/next/serve.mjs', '-p', port]);
      expect(fs.existsSync(path.join(repoRoot, 'apps', app, service?.command?.[1] ?? 'missing'))).toBe(true);
      expect(service?.ports).toEqual([`${port}:${port}`]);
      expect(service?.environment?.PLATFORM_APP).toBe(app);
      expect(service?.depends_on?.migrate?.condition).toBe('service_completed_successfully');
      expect(fs.existsSync(path.join(repoRoot, 'apps', app, 'next.config.mjs'))).toBe(true);
    }
  });

  it('runs commands that exist in this repository', () => {
    const pkg = JSON.parse(fs.readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as { scripts: Record<string, string> };
    expect(compose.services.migrate?.command).toEqual(['npm', 'run', 'db:migrate']);
    expect(pkg.scripts['db:migrate']).toBeDefined();
    const workerScript = compose.services.worker?.command?.at(-1) ?? '';
    expect(fs.existsSync(path.join(repoRoot, workerScript))).toBe(true);
  });
});
