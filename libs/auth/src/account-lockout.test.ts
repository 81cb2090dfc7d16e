import { describe, expect, it } from 'vitest';
import { decideSignInAttempt, describeWait, lockoutSecondsFor, type TLockoutPolicy, type TSignInAttemptState } from './account-lockout';

const policy: TLockoutPolicy = { maxFailures: 3, windowSeconds: 600, lockoutSeconds: 60, lockoutMaxSeconds: 300 };
const t0 = new Date('2026-12-01T10:00:00Z');
const at = (seconds: number) => new Date(t0.getTime() + seconds * 1000);

/** Feeds attempts at the given times through the rule, as the repository does, and returns what each got. */
function run(times: number[], start: TSignInAttemptState | null = null) {
  let state = start;
  return times.map((s) => {
    const d = decideSignInAttempt({ state, now: at(s), policy });
    state = d.state;
    return d.allowed ? 'ok' : `locked ${d.retryAfterSeconds}${d.lockoutStarted ? ' (new)' : ''}`;
  });
}

describe('per-account lockout rule', () => {
  it('lets maxFailures attempts through, then locks for the base time and refuses until it ends', () => {
    expect(run([0, 1, 2, 3, 30, 62, 63])).toEqual(['ok', 'ok', 'ok', 'locked 60 (new)', 'locked 33', 'locked 1', 'ok']);
  });

  it('doubles each further lockout up to the maximum (60, 120, 240, then 300 not 480)', () => {
    const rounds = [0, 1, 2, 3, 63, 64, 65, 66, 186, 187, 188, 189, 429, 430, 431, 432];
    expect(run(rounds).filter((r) => r.endsWith('(new)'))).toEqual(['locked 60 (new)', 'locked 120 (new)', 'locked 240 (new)', 'locked 300 (new)']);
  });

  it('starts a new window when the last one passed without reaching the limit', () => {
    expect(run([0, 1, 2, 601, 602, 603, 604])).toEqual(['ok', 'ok', 'ok', 'ok', 'ok', 'ok', 'locked 60 (new)']);
  });

  it('forgets past lockouts after a quiet day, but never a lockout that is still running', () => {
    const locked: TSignInAttemptState = { attempts: 0, windowStartedAt: t0, lockedUntil: at(60), lockouts: 3, lastAttemptAt: t0 };
    const day = 24 * 3600;
    expect(run([day, day + 1, day + 2, day + 3], locked)).toEqual(['ok', 'ok', 'ok', 'locked 60 (new)']);
    const longLock: TSignInAttemptState = { ...locked, lockedUntil: at(2 * day) };
    expect(run([day + 5], longLock)).toEqual([`locked ${day - 5}`]);
  });

  it('words the wait for people', () => {
    expect(lockoutSecondsFor({ lockoutNumber: 1, policy })).toBe(60);
    expect(lockoutSecondsFor({ lockoutNumber: 40, policy })).toBe(300);
    expect(describeWait(1)).toBe('1 second');
    expect(describeWait(30)).toBe('30 seconds');
    expect(describeWait(61)).toBe('2 minutes');
    expect(describeWait(3600)).toBe('1 hour');
  });
});
