// `npm test`: type check, lint (module boundaries included), unit + integration tests on a real PostgreSQL,
// then the end-to-end specs in headless Chromium against production builds. Stops at the first failing stage.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { repoRoot } from '@platform/db';
import { toolsEnv } from './lib/env';

interface TStage {
  name: string;
  command: string[];
  vitestReport?: string;
}

const reportDir = fs.mkdtempSync(path.join(os.tmpdir(), 'platform-test-report-'));
const bin = (name: string) => path.join(repoRoot, 'node_modules', '.bin', name);

const stages: TStage[] = [
  { name: 'typecheck', command: [bin('tsc'), '--noEmit', '-p', 'tsconfig.json'] },
  // Nx computes the project graph the boundary rule reads; without it the rule would silently skip.
  { name: 'project graph', command: [bin('nx'), 'show', 'projects'] },
  { name: 'lint', command: [bin('eslint'), '--max-warnings=0', '.'] },
  {
    name: 'unit + integration',
    command: [bin('vitest'), 'run', '--reporter=default', '--reporter=json', `--outputFile.json=${path.join(reportDir, 'unit.json')}`],
    vitestReport: path.join(reportDir, 'unit.json'),
  },
];
if (toolsEnv.PLATFORM_SKIP_E2E !== '1') {
  stages.push({
    name: 'e2e (headless Chromium)',
    command: [bin('vitest'), 'run', '-c', 'vitest.e2e.config.ts', '--reporter=default', '--reporter=json', `--outputFile.json=${path.join(reportDir, 'e2e.json')}`],
    vitestReport: path.join(reportDir, 'e2e.json'),
  });
}

function run(command: string[]): Promise<number> {
  const [file, ...args] = command;
  if (!file) return Promise.resolve(1);
  return new Promise((resolve) => {
    const child = spawn(file, args, {
      cwd: repoRoot,
      stdio: 'inherit',
      env: { ...process.env, NX_DAEMON: 'false', NX_NO_CLOUD: 'true', VITE_CONFIG_NATIVE_IGNORE_WARNING: 'true' },
    });
    child.on('exit', (code) => resolve(code ?? 1));
  });
}

let passed = 0;
let failed = 0;
let skipped = 0;
const timings: string[] = [];
for (const stage of stages) {
  const t0 = Date.now();
  console.log(`\n=== ${stage.name} ===`);
  const code = await run(stage.command);
  timings.push(`${stage.name}: ${((Date.now() - t0) / 1000).toFixed(1)}s`);
  if (stage.vitestReport && fs.existsSync(stage.vitestReport)) {
    const report = JSON.parse(fs.readFileSync(stage.vitestReport, 'utf8')) as {
      numPassedTests: number;
      numFailedTests: number;
      numPendingTests: number;
      numTodoTests: number;
    };
    passed += report.numPassedTests;
    failed += report.numFailedTests;
    skipped += report.numPendingTests + report.numTodoTests;
  }
  if (code !== 0) {
    console.error(`\n${stage.name} failed (exit ${code}).`);
    if (failed === 0) failed = 1;
    break;
  }
}
console.log(`\n${timings.join(' | ')}`);
console.log(`tests: ${passed} passed, ${failed} failed, ${skipped} skipped`);
fs.rmSync(reportDir, { recursive: true, force: true });
process.exit(failed > 0 ? 1 : 0);
