import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { describe, expect, it } from 'vitest';
import { describeExit, superviseProcesses, type TExitReport } from './supervise';

// Real child processes that end the way `next start` and the worker do.
const NEXT_LIKE = "process.on('SIGTERM', () => process.exit(143)); process.on('SIGINT', () => process.exit(130)); setInterval(() => {}, 1000); process.send?.('ready');";
const WORKER_LIKE = "process.on('SIGTERM', () => process.exit(0)); setInterval(() => {}, 1000); process.send?.('ready');";
const NO_HANDLER = "setInterval(() => {}, 1000); process.send?.('ready');";
const DEAF = "process.on('SIGTERM', () => {}); setInterval(() => {}, 1000); process.send?.('ready');";

async function startChild(code: string) {
  const child = spawn(process.execPath, ['-e', code], { stdio: ['ignore', 'ignore', 'ignore', 'ipc'] });
  // Wait until its handlers are installed, as they are in a long-running app.
  await once(child, 'message');
  return child;
}

describe('describeExit', () => {
  const logFile = '/state/logs/risk.log';
  it('reads as a clean stop when the process answers our stop (next exits 143 on SIGTERM, 130 on Ctrl-C)', () => {
    for (const [code, signal] of [[143, null], [130, null], [0, null], [null, 'SIGTERM'], [null, 'SIGINT']] as const) {
      expect(describeExit({ name: 'risk', code, signal, stopping: true, logFile })).toEqual({ message: 'risk stopped', failed: false });
    }
  });

  it('reports a crash with its code or signal and the log, stopping or not', () => {
    expect(describeExit({ name: 'risk', code: 1, signal: null, stopping: false, logFile })).toEqual({ message: `risk exited with 1; see ${logFile}`, failed: true });
    expect(describeExit({ name: 'risk', code: null, signal: 'SIGKILL', stopping: false, logFile })).toEqual({ message: `risk was killed by SIGKILL; see ${logFile}`, failed: true });
    expect(describeExit({ name: 'risk', code: 1, signal: null, stopping: true, logFile })).toEqual({ message: `risk exited with 1 while stopping; see ${logFile}`, failed: true });
    // 143 without our asking: somebody else stopped it, and npm start now runs without it.
    expect(describeExit({ name: 'risk', code: 143, signal: null, stopping: false, logFile })).toMatchObject({ failed: true });
  });
});

describe('superviseProcesses', () => {
  it('a stop we ask for reads "stopped" for every process, none of them as an exit code', async () => {
    const reports: TExitReport[] = [];
    const supervisor = superviseProcesses({
      processes: [
        { name: 'risk', child: await startChild(NEXT_LIKE), logFile: 'risk.log' },
        { name: 'worker', child: await startChild(WORKER_LIKE), logFile: 'worker.log' },
        { name: 'plain', child: await startChild(NO_HANDLER), logFile: 'plain.log' },
      ],
      report: (r) => reports.push(r),
    });
    expect(await supervisor.stop()).toEqual({ failed: false });
    expect(reports.map((r) => r.message).sort()).toEqual(['plain stopped', 'risk stopped', 'worker stopped']);
  });

  it('a crash while running is reported with its code and log path, then stop() still ends the rest', async () => {
    const reports: TExitReport[] = [];
    let firstReport: () => void = () => undefined;
    const reported = new Promise<void>((resolve) => (firstReport = resolve));
    const retail = await startChild(NEXT_LIKE);
    const crashing = await startChild("setTimeout(() => process.exit(3), 50); process.send?.('ready');");
    const supervisor = superviseProcesses({
      processes: [
        { name: 'imaging', child: crashing, logFile: '/logs/imaging.log' },
        { name: 'retail', child: retail, logFile: '/logs/retail.log' },
      ],
      report: (r) => {
        reports.push(r);
        firstReport();
      },
    });
    await reported;
    expect(reports).toEqual([{ message: 'imaging exited with 3; see /logs/imaging.log', failed: true }]);
    expect(await supervisor.stop()).toEqual({ failed: true });
    expect(reports.at(-1)).toEqual({ message: 'retail stopped', failed: false });
  });

  it('a process that ignores SIGTERM is killed after the grace period and reported as such', async () => {
    const reports: TExitReport[] = [];
    const supervisor = superviseProcesses({
      processes: [{ name: 'strategy', child: await startChild(DEAF), logFile: 'strategy.log' }],
      report: (r) => reports.push(r),
      graceMs: 300,
    });
    expect(await supervisor.stop()).toEqual({ failed: true });
    expect(reports).toEqual([{ message: 'strategy did not stop within 0.3s and was killed; see strategy.log', failed: true }]);
  });
});
