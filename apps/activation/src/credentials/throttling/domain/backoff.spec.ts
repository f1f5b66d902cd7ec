import { afterFailure, BackoffPolicy, Failures, lockedForSeconds, NO_FAILURES, withdrawFailure } from './backoff';

const POLICY: BackoffPolicy = { threshold: 5, baseSeconds: 60, maxSeconds: 900, forgetSeconds: 86_400 };
const T0 = new Date('2026-06-15T08:00:00.000Z');
const at = (seconds: number) => new Date(T0.getTime() + seconds * 1000);

function failTimes(count: number, state: Failures = NO_FAILURES, now = T0): Failures {
  for (let i = 0; i < count; i++) state = afterFailure(state, now, POLICY);
  return state;
}

describe('back-off after failed attempts (SPEC §8: 5 failures → 1 minute, doubling, at most 15 minutes)', () => {
  it('does not lock before the 5th failure', () => {
    const state = failTimes(4);
    expect(state).toEqual({ failures: 4, lastFailureAt: T0, lockedUntil: null });
    expect(lockedForSeconds(state, T0)).toBe(0);
  });

  it('locks for 1 minute at the 5th failure', () => {
    const state = failTimes(5);
    expect(state.lockedUntil).toEqual(at(60));
    expect(lockedForSeconds(state, T0)).toBe(60);
    expect(lockedForSeconds(state, at(59.5))).toBe(1);
    expect(lockedForSeconds(state, at(60))).toBe(0);
  });

  it.each([
    [6, 120],
    [7, 240],
    [8, 480],
    [9, 900],
    [10, 900],
    [2000, 900],
  ])('doubles each further lockout, at most 15 minutes: failure %i locks %i s', (failures, seconds) => {
    expect(lockedForSeconds(failTimes(failures), T0)).toBe(seconds);
  });

  it('follows the configured policy', () => {
    const state = afterFailure(NO_FAILURES, T0, { threshold: 1, baseSeconds: 2, maxSeconds: 3, forgetSeconds: 10 });
    expect(lockedForSeconds(state, T0)).toBe(2);
    expect(lockedForSeconds(afterFailure(state, T0, { threshold: 1, baseSeconds: 2, maxSeconds: 3, forgetSeconds: 10 }), T0)).toBe(3);
  });

  it('forgets the failures after a quiet day, not before', () => {
    const state = failTimes(9);
    expect(afterFailure(state, at(86_400), POLICY).failures).toBe(10);
    expect(afterFailure(state, at(86_401), POLICY)).toEqual({ failures: 1, lastFailureAt: at(86_401), lockedUntil: null });
  });

  describe('withdrawing a failure counted ahead of an attempt that succeeded', () => {
    it('restores the state before the attempt when nothing changed since, lock included', () => {
      const before = failTimes(4);
      const counted = afterFailure(before, at(10), POLICY);
      expect(counted.lockedUntil).toEqual(at(70));
      expect(withdrawFailure(counted, before, counted)).toEqual(before);
    });

    it('keeps a lock another failure set meanwhile, one failure less', () => {
      const before = failTimes(4);
      const counted = afterFailure(before, at(10), POLICY);
      const meanwhile = afterFailure(counted, at(11), POLICY);
      expect(withdrawFailure(meanwhile, before, counted)).toEqual({ ...meanwhile, failures: 5 });
    });

    it('never goes below zero', () => {
      expect(withdrawFailure(NO_FAILURES, NO_FAILURES, failTimes(1)).failures).toBe(0);
    });
  });
});
