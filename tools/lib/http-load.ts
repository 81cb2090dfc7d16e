// A small keep-alive HTTP load generator (autocannon is not installed here): GETs the given paths round-robin
// (read from a JSON file) from `connections` concurrent loops for `seconds`, then prints one JSON line of figures.
import fs from 'node:fs';
import http from 'node:http';

const [port, seconds, connections, pathsFile] = process.argv.slice(2);
const paths = JSON.parse(fs.readFileSync(pathsFile ?? '', 'utf8')) as string[];
const agent = new http.Agent({ keepAlive: true, maxSockets: Number(connections) });
const latencies: number[] = [];
let errors = 0;
const get = (p: string) =>
  new Promise<number>((resolve) => {
    http
      .get({ host: '127.0.0.1', port: Number(port), path: p, agent }, (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
      })
      .on('error', () => resolve(0));
  });
const started = performance.now();
const until = started + Number(seconds) * 1000;
await Promise.all(
  Array.from({ length: Number(connections) }, async (_, c) => {
    for (let i = c; performance.now() < until; i += Number(connections)) {
      const s = performance.now();
      if ((await get(paths[i % paths.length] ?? '/')) !== 200) errors += 1;
      latencies.push(performance.now() - s);
    }
  }),
);
const elapsed = (performance.now() - started) / 1000;
latencies.sort((a, b) => a - b);
const pct = (q: number) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] ?? NaN;
agent.destroy();
console.log(JSON.stringify({ requests: latencies.length, rps: latencies.length / elapsed, p50: pct(0.5), p99: pct(0.99), errors }));
