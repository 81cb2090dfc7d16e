import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { BACKEND_PRIORITY, getBackendInfo, initBackend } from './index';

describe('initBackend', () => {
  it('auto-selects the first backend that starts, after recording why better ones were skipped', async () => {
    const info = await initBackend({ env: {} });
    expect(tf.getBackend()).toBe(info.tfBackend);
    const rank = BACKEND_PRIORITY.indexOf(info.id);
    expect(info.skipped.map((s) => s.id)).toEqual(BACKEND_PRIORITY.slice(0, rank));
    for (const s of info.skipped) expect(s.reason.length).toBeGreaterThan(0);
    expect(getBackendInfo().id).toBe(info.id);
  });

  it('honours ML_BACKEND and the explicit option, and reports wasm as SIMD single-thread with the patched kernel', async () => {
    const cpu = await initBackend({ env: { ML_BACKEND: 'cpu' } });
    expect(cpu).toMatchObject({ id: 'cpu', tfBackend: 'cpu', accelerated: false });
    expect(tf.getBackend()).toBe('cpu');

    const wasm = await initBackend({ backend: 'wasm', env: { ML_BACKEND: 'cpu' } });
    expect(wasm).toMatchObject({ id: 'wasm', accelerated: false, threads: 1, simd: true });
    expect(wasm.patchedKernels).toContain('Conv2DBackpropFilter');
    expect(getBackendInfo().id).toBe('wasm');
  });

  it('throws when a forced backend is missing instead of silently falling back', async () => {
    const auto = await initBackend({ env: {} });
    // Only meaningful where the native package is absent (as on machines with no internet at install).
    if (auto.id === 'tfjs-node' || auto.id === 'tfjs-node-gpu') return;
    await expect(initBackend({ backend: 'tfjs-node' })).rejects.toThrow(/tfjs-node.*unavailable/);
  });
});
