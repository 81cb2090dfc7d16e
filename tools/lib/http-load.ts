// A small closed-loop keep-alive HTTP load generator (autocannon and wrk are not installed here, and the
// brief is no new dependencies): `connections` loops each send one GET at a time, round-robin over the given
// paths, first for `warmupSeconds` (discarded: JIT, connection set-up, caches), then for `seconds` measured.
// It runs as its own process so it never shares the measured server's event loop, and reads its plan from a
// JSON file (argv[2]) so a session cookie never shows in `ps`. Prints one JSON line of figures (TLoadFigures).
import fs from 'node:fs';
import http from 'node:http';

export interface TLoadPlan {
  port: number;
  seconds: number;
  warmupSeconds: number;
  connections: number;
  paths: string[];
  /** Sent with every request (the session cookie, for instance). */
  headers: Record<string, string>;
}

export interface TLoadFigures {
  requests: number;
  rps: number;
  p50: number;
  p90: number;
  p99: number;
  max: number;
  /** Requests that got no response: connection errors and timeouts. */
  errors: number;
  /** Responses whose status was not 2xx. */
  non2xx: number;
  /** Responses by status code (0: no response). */
  statuses: Record<string, number>;
  warmupRequests: number;
}

const TIMEOUT_MS = 10_000;

async function main() {
  const plan = JSON.parse(fs.readFileSync(process.argv[2] ?? '', 'utf8')) as TLoadPlan;
  const agent = new http.Agent({ keepAlive: true, maxSockets: plan.connections });
  const get = (p: string) =>
    new Promise<number>((resolve) => {
      const req = http.get({ host: '127.0.0.1', port: plan.port, path: p, agent, headers: plan.headers }, (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
        res.on('error', () => resolve(0));
      });
      req.setTimeout(TIMEOUT_MS, () => req.destroy(new Error('timeout')));
      req.on('error', () => resolve(0));
    });

  // One phase: every loop sends until `until`; only requests that complete are counted (closed loop, like
  // autocannon's default, so latency under overload shows as fewer req/s rather than as queueing delay).
  const phase = async (seconds: number) => {
    const latencies: number[] = [];
    const statuses: Record<string, number> = {};
    const started = performance.now();
    const until = started + seconds * 1000;
    await Promise.all(
      Array.from({ length: plan.connections }, async (_, c) => {
        for (let i = c; performance.now() < until; i += plan.connections) {
          const s = performance.now();
          const status = await get(plan.paths[i % plan.paths.length] ?? '/');
          latencies.push(performance.now() - s);
          statuses[status] = (statuses[status] ?? 0) + 1;
        }
      }),
    );
    return { latencies, statuses, elapsed: (performance.now() - started) / 1000 };
  };

  const warmup = plan.warmupSeconds > 0 ? await phase(plan.warmupSeconds) : { latencies: [] };
  const { latencies, statuses, elapsed } = await phase(plan.seconds);
  agent.destroy();
  latencies.sort((a, b) => a - b);
  // Nearest-rank percentile.
  const pct = (q: number) => latencies[Math.min(latencies.length - 1, Math.max(0, Math.ceil(q * latencies.length) - 1))] ?? NaN;
  const count = (test: (status: number) => boolean) => Object.entries(statuses).reduce((n, [s, k]) => (test(Number(s)) ? n + k : n), 0);
  const figures: TLoadFigures = {
    requests: latencies.length,
    rps: latencies.length / elapsed,
    p50: pct(0.5),
    p90: pct(0.9),
    p99: pct(0.99),
    max: latencies.at(-1) ?? NaN,
    errors: count((s) => s === 0),
    non2xx: count((s) => s !== 0 && (s < 200 || s > 299)),
    statuses,
    warmupRequests: warmup.latencies.length,
  };
  console.log(JSON.stringify(figures));
}

await main();
