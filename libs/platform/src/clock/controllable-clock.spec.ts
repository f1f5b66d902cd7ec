import { Clock } from './clock';
import { ControllableClock } from './controllable-clock';

const REAL = new Date('2026-11-25T04:00:00.000Z');
const SECOND = 1000;
const DAY = 24 * 60 * 60 * SECOND;

/**
 * SPEC §6: `clock set <ISO>`, `clock advance <duration>` and `clock reset` reach every instance as an
 * offset from real time (ClockSet); these helpers are the arithmetic the ops CLI does for each.
 */
const set = (clock: ControllableClock, to: Date, version: string) => clock.apply(to.getTime() - Date.now(), version);
const advance = (clock: ControllableClock, ms: number, version: string) => clock.apply(clock.offsetMs + ms, version);
const reset = (clock: ControllableClock, version: string) => clock.apply(0, version);

describe('ControllableClock (SPEC §6)', () => {
  beforeEach(() => jest.useFakeTimers({ now: REAL }));
  afterEach(() => jest.useRealTimers());

  it('is a Clock that starts on real time, at offset 0 and version "initial"', () => {
    const clock = new ControllableClock();
    expect(clock).toBeInstanceOf(Clock);
    expect(clock.now().toISOString()).toBe(REAL.toISOString());
    expect(clock.offsetMs).toBe(0);
    expect(clock.version).toBe('initial');
  });

  it('set: reads the time it was set to', () => {
    const clock = new ControllableClock();
    set(clock, new Date('2027-03-01T09:00:00.000Z'), 'v1');
    expect(clock.now().toISOString()).toBe('2027-03-01T09:00:00.000Z');
    expect(clock.version).toBe('v1');
  });

  it('set to the past works as well', () => {
    const clock = new ControllableClock();
    set(clock, new Date('2020-01-01T00:00:00.000Z'), 'v1');
    expect(clock.now().toISOString()).toBe('2020-01-01T00:00:00.000Z');
    expect(clock.offsetMs).toBeLessThan(0);
  });

  it('keeps ticking with real time after being set', () => {
    const clock = new ControllableClock();
    set(clock, new Date('2027-03-01T09:00:00.000Z'), 'v1');
    jest.setSystemTime(REAL.getTime() + 90 * SECOND);
    expect(clock.now().toISOString()).toBe('2027-03-01T09:01:30.000Z');
  });

  it.each([
    ['12 hours', 12 * 60 * 60 * SECOND, '2027-03-01T21:00:00.000Z'],
    ['6 days', 6 * DAY, '2027-03-07T09:00:00.000Z'],
    ['61 days', 61 * DAY, '2027-05-01T09:00:00.000Z'],
  ])('advance %s moves now forward by that much', (_label, ms, expected) => {
    const clock = new ControllableClock();
    set(clock, new Date('2027-03-01T09:00:00.000Z'), 'v1');
    advance(clock, ms, 'v2');
    expect(clock.now().toISOString()).toBe(expected);
    expect(clock.version).toBe('v2');
  });

  it('advances accumulate', () => {
    const clock = new ControllableClock();
    advance(clock, DAY, 'v1');
    advance(clock, DAY, 'v2');
    advance(clock, 3 * DAY, 'v3');
    expect(clock.now().getTime() - REAL.getTime()).toBe(5 * DAY);
  });

  it('reset returns to real time', () => {
    const clock = new ControllableClock();
    set(clock, new Date('2030-01-01T00:00:00.000Z'), 'v1');
    advance(clock, DAY, 'v2');
    reset(clock, 'v3');
    expect(clock.offsetMs).toBe(0);
    expect(clock.now().toISOString()).toBe(REAL.toISOString());
    expect(clock.version).toBe('v3');
  });

  it('each instance applying the same offset reads the same time', () => {
    const a = new ControllableClock();
    const b = new ControllableClock();
    a.apply(7 * DAY, 'v1');
    b.apply(7 * DAY, 'v1');
    expect(a.now().getTime()).toBe(b.now().getTime());
    expect(new ControllableClock().now().getTime()).toBe(REAL.getTime());
  });

  it('returns a fresh Date each time (callers cannot move the clock by mutating it)', () => {
    const clock = new ControllableClock();
    const first = clock.now();
    first.setUTCFullYear(1999);
    expect(clock.now().toISOString()).toBe(REAL.toISOString());
  });
});
