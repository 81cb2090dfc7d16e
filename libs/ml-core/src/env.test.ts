import { describe, expect, it } from 'vitest';
import { readMlCoreEnv } from './env';

describe('readMlCoreEnv', () => {
  it('accepts a known backend id and treats an empty value as unset', () => {
    expect(readMlCoreEnv({ source: { ML_BACKEND: 'wasm' } }).ML_BACKEND).toBe('wasm');
    expect(readMlCoreEnv({ source: { ML_BACKEND: '' } }).ML_BACKEND).toBeUndefined();
    expect(readMlCoreEnv({ source: {} }).PLATFORM_DATA_DIR).toBeUndefined();
  });

  it('rejects an unknown backend with a message naming the variable', () => {
    expect(() => readMlCoreEnv({ source: { ML_BACKEND: 'webgpu' } })).toThrow(/ML_BACKEND/);
  });
});
