// The per-account sign-in lockout, as a pure decision over the stored state (the repository applies it under a
// row lock, so every app process sees one sequence of attempts per account).

export interface TSignInAttemptState {
  attempts: number;
  windowStartedAt: Date;
  lockedUntil: Date | null;
  lockouts: number;
  lastAttemptAt: Date;
}

export interface TLockoutPolicy {
  /** Attempts allowed per window without a successful sign-in; the next one starts a lockout. */
  maxFailures: number;
  windowSeconds: number;
  /** The first lockout; each further one doubles, up to `lockoutMaxSeconds`. */
  lockoutSeconds: number;
  lockoutMaxSeconds: number;
}

export type TAttemptDecision =
  | { allowed: true; state: TSignInAttemptState }
  | { allowed: false; state: TSignInAttemptState; retryAfterSeconds: number; lockoutStarted: boolean };

/** A day without any attempt (and no lockout running) forgets an account's past lockouts. */
export const FORGET_AFTER_SECONDS = 24 * 60 * 60;

function fresh(now: Date): TSignInAttemptState {
  return { attempts: 0, windowStartedAt: now, lockedUntil: null, lockouts: 0, lastAttemptAt: now };
}

/** Length of the `n`-th lockout (1-based): the base, doubled per earlier lockout, capped. */
export function lockoutSecondsFor({ lockoutNumber, policy }: { lockoutNumber: number; policy: TLockoutPolicy }): number {
  const doublings = Math.min(Math.max(lockoutNumber - 1, 0), 30);
  return Math.min(policy.lockoutSeconds * 2 ** doublings, policy.lockoutMaxSeconds);
}

/**
 * Decides one sign-in attempt for an account. It is counted before the password is checked (so parallel
 * guesses cannot slip past the limit) and forgotten when the sign-in succeeds. While locked, every attempt is
 * refused, the right password included.
 * @example decideSignInAttempt({ state: null, now, policy }) // { allowed: true, state: { attempts: 1, … } }
 */
export function decideSignInAttempt({
  state,
  now,
  policy,
}: {
  state: TSignInAttemptState | null;
  now: Date;
  policy: TLockoutPolicy;
}): TAttemptDecision {
  const forgotten =
    !state ||
    (now.getTime() - state.lastAttemptAt.getTime() >= FORGET_AFTER_SECONDS * 1000 && !(state.lockedUntil && state.lockedUntil.getTime() > now.getTime()));
  let s: TSignInAttemptState = forgotten ? fresh(now) : { ...state };
  if (s.lockedUntil && s.lockedUntil.getTime() > now.getTime()) {
    const retryAfterSeconds = Math.max(1, Math.ceil((s.lockedUntil.getTime() - now.getTime()) / 1000));
    return { allowed: false, state: { ...s, lastAttemptAt: now }, retryAfterSeconds, lockoutStarted: false };
  }
  if (s.lockedUntil || now.getTime() - s.windowStartedAt.getTime() >= policy.windowSeconds * 1000) {
    // A lockout that ended, or a window that passed: a new window starts (past lockouts are remembered).
    s = { ...s, attempts: 0, windowStartedAt: now, lockedUntil: null };
  }
  if (s.attempts >= policy.maxFailures) {
    const lockouts = s.lockouts + 1;
    const seconds = lockoutSecondsFor({ lockoutNumber: lockouts, policy });
    const lockedUntil = new Date(now.getTime() + seconds * 1000);
    return { allowed: false, state: { ...s, lockedUntil, lockouts, lastAttemptAt: now }, retryAfterSeconds: seconds, lockoutStarted: true };
  }
  return { allowed: true, state: { ...s, attempts: s.attempts + 1, lastAttemptAt: now } };
}

/** "2 minutes", "45 seconds", "1 hour": for the refusal message. */
export function describeWait(seconds: number): string {
  if (seconds < 60) return `${seconds} second${seconds === 1 ? '' : 's'}`;
  if (seconds < 3600) {
    const minutes = Math.ceil(seconds / 60);
    return `${minutes} minute${minutes === 1 ? '' : 's'}`;
  }
  const hours = Math.ceil(seconds / 3600);
  return `${hours} hour${hours === 1 ? '' : 's'}`;
}
