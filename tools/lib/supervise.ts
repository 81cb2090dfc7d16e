import type { ChildProcess } from 'node:child_process';

export interface TSupervisedProcess {
  name: string;
  child: ChildProcess;
  /** Where its output goes, named in every failure report. */
  logFile: string;
}

export interface TExitReport {
  message: string;
  /** False for a stop we asked for; true for anything else (a crash, a kill from outside, a failed stop). */
  failed: boolean;
}

// `next start` answers SIGTERM with exit(143) and SIGINT with exit(130) (128 + the signal), the worker with
// exit(0); a process without a handler dies of the signal itself (code null, signal set).
const STOP_CODES = new Set([0, 130, 143]);
const STOP_SIGNALS = new Set<NodeJS.Signals>(['SIGTERM', 'SIGINT']);

/**
 * The line for a process that ended. While we are stopping, an exit that answers our SIGTERM (or the
 * terminal's Ctrl-C) reads "stopped"; any other end is a failure, reported with its code or signal and log.
 * @example describeExit({ name: 'risk', code: 143, signal: null, stopping: true, logFile }) // { message: 'risk stopped', failed: false }
 */
export function describeExit({
  name,
  code,
  signal,
  stopping,
  logFile,
}: {
  name: string;
  code: number | null;
  signal: NodeJS.Signals | null;
  stopping: boolean;
  logFile: string;
}): TExitReport {
  const answeredStop = signal === null ? code !== null && STOP_CODES.has(code) : STOP_SIGNALS.has(signal);
  if (stopping && answeredStop) return { message: `${name} stopped`, failed: false };
  const how = signal === null ? `exited with ${code ?? 'no code'}` : `was killed by ${signal}`;
  return { message: `${name} ${how}${stopping ? ' while stopping' : ''}; see ${logFile}`, failed: true };
}

/**
 * Watches long-running child processes (the apps, the worker): reports each one that ends through
 * `report`, and `stop()` ends them all (SIGTERM, then SIGKILL for any still running after `graceMs`),
 * resolving once every one has exited. Returns whether any end was a failure.
 */
export function superviseProcesses({
  processes,
  report,
  graceMs = 10_000,
}: {
  processes: readonly TSupervisedProcess[];
  report: (report: TExitReport) => void;
  graceMs?: number;
}): { stop: () => Promise<{ failed: boolean }>; exited: Promise<void> } {
  let stopping = false;
  let failed = false;
  const forced = new Set<string>();
  const exits = processes.map(
    (p) =>
      new Promise<void>((resolve) => {
        const onExit = (code: number | null, signal: NodeJS.Signals | null) => {
          const result = forced.has(p.name)
            ? { message: `${p.name} did not stop within ${graceMs / 1000}s and was killed; see ${p.logFile}`, failed: true }
            : describeExit({ name: p.name, code, signal, stopping, logFile: p.logFile });
          failed ||= result.failed;
          report(result);
          resolve();
        };
        if (p.child.exitCode !== null || p.child.signalCode !== null) onExit(p.child.exitCode, p.child.signalCode);
        else p.child.once('exit', onExit);
      }),
  );
  const exited = Promise.all(exits).then(() => undefined);
  const running = (p: TSupervisedProcess) => p.child.exitCode === null && p.child.signalCode === null;

  async function stop(): Promise<{ failed: boolean }> {
    stopping = true;
    for (const p of processes) if (running(p)) p.child.kill('SIGTERM');
    const timer = setTimeout(() => {
      for (const p of processes) {
        if (!running(p)) continue;
        forced.add(p.name);
        p.child.kill('SIGKILL');
      }
    }, graceMs);
    await exited;
    clearTimeout(timer);
    return { failed };
  }

  return { stop, exited };
}
