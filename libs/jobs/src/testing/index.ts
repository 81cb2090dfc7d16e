// Test helpers for job workers (kill-and-retry tests); never imported by production code.
export { startWorkerProcess, waitFor } from './worker-process';
