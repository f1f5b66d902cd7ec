/**
 * Back-off after failed attempts (SPEC §8): `threshold` failures lock for `baseSeconds`, each further
 * failure locks twice as long, at most `maxSeconds`; a quiet `forgetSeconds` forgets the failures.
 */
export interface BackoffPolicy {
  threshold: number;
  baseSeconds: number;
  maxSeconds: number;
  forgetSeconds: number;
}

export interface Failures {
  failures: number;
  lastFailureAt: Date | null;
  lockedUntil: Date | null;
}

export const NO_FAILURES: Failures = { failures: 0, lastFailureAt: null, lockedUntil: null };

/** Whole seconds until the lock ends (what `Retry-After` says); 0 when not locked. */
export function lockedForSeconds(state: Failures, now: Date): number {
  if (!state.lockedUntil) return 0;
  return Math.max(0, Math.ceil((state.lockedUntil.getTime() - now.getTime()) / 1000));
}

export function afterFailure(state: Failures, now: Date, policy: BackoffPolicy): Failures {
  const forgotten = !state.lastFailureAt || now.getTime() - state.lastFailureAt.getTime() > policy.forgetSeconds * 1000;
  const failures = (forgotten ? 0 : state.failures) + 1;
  const lockSeconds = failures < policy.threshold ? 0 : Math.min(policy.baseSeconds * 2 ** (failures - policy.threshold), policy.maxSeconds);
  return { failures, lastFailureAt: now, lockedUntil: lockSeconds > 0 ? new Date(now.getTime() + lockSeconds * 1000) : null };
}

/**
 * Takes back a failure counted ahead of an attempt that then succeeded: where nothing changed the state
 * since (it is still what that attempt made of `before`), `before` comes back whole; otherwise only the
 * count goes down, and the lock that another failure set meanwhile stays.
 */
export function withdrawFailure(current: Failures, before: Failures, counted: Failures): Failures {
  if (sameFailures(current, counted)) return before;
  return { ...current, failures: Math.max(0, current.failures - 1) };
}

function sameFailures(a: Failures, b: Failures): boolean {
  return a.failures === b.failures && a.lastFailureAt?.getTime() === b.lastFailureAt?.getTime() && a.lockedUntil?.getTime() === b.lockedUntil?.getTime();
}
