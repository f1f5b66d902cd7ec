import { addDays, DAY_MS, isoDay, SystemClock } from './clock';

describe('isoDay (SPEC §6: the calendar day of an instant, UTC)', () => {
  it.each([
    ['2026-03-01T00:00:00.000Z', '2026-03-01'],
    ['2026-03-01T23:59:59.999Z', '2026-03-01'],
    ['2026-03-02T00:00:00.000Z', '2026-03-02'],
    ['2028-02-29T12:00:00.000Z', '2028-02-29'],
    ['2026-12-31T23:59:59.999Z', '2026-12-31'],
    // 23:30 in UTC-02:00 is already the next day in UTC
    ['2026-03-01T23:30:00.000-02:00', '2026-03-02'],
    // 00:30 in UTC+02:00 is still the previous day in UTC
    ['2026-03-02T00:30:00.000+02:00', '2026-03-01'],
  ])('isoDay(%s) is %s', (instant, day) => {
    expect(isoDay(new Date(instant))).toBe(day);
  });
});

describe('addDays', () => {
  it.each([
    ['2026-03-01T10:15:00.000Z', 0, '2026-03-01T10:15:00.000Z'],
    ['2026-03-01T10:15:00.000Z', 1, '2026-03-02T10:15:00.000Z'],
    ['2026-03-01T10:15:00.000Z', -1, '2026-02-28T10:15:00.000Z'],
    ['2026-03-01T10:15:00.000Z', 5, '2026-03-06T10:15:00.000Z'],
    ['2026-03-01T10:15:00.000Z', 30, '2026-03-31T10:15:00.000Z'],
    ['2026-03-01T10:15:00.000Z', 60, '2026-04-30T10:15:00.000Z'],
    ['2028-02-28T23:00:00.000Z', 1, '2028-02-29T23:00:00.000Z'],
    ['2027-02-28T23:00:00.000Z', 1, '2027-03-01T23:00:00.000Z'],
    // across the EU summer-time change: UTC arithmetic keeps the time of day
    ['2026-03-28T12:00:00.000Z', 2, '2026-03-30T12:00:00.000Z'],
    ['2026-12-31T00:00:00.000Z', 730, '2028-12-30T00:00:00.000Z'],
  ])('addDays(%s, %p) is %s', (from, days, to) => {
    expect(addDays(new Date(from), days).toISOString()).toBe(to);
  });

  it('does not change the date it is given', () => {
    const date = new Date('2026-03-01T10:15:00.000Z');
    addDays(date, 3);
    expect(date.toISOString()).toBe('2026-03-01T10:15:00.000Z');
  });

  it('DAY_MS is 24 hours', () => {
    expect(DAY_MS).toBe(86_400_000);
  });
});

describe('SystemClock', () => {
  afterEach(() => jest.useRealTimers());

  it('reads the real time', () => {
    jest.useFakeTimers({ now: new Date('2026-06-15T08:00:00.000Z') });
    expect(new SystemClock().now().toISOString()).toBe('2026-06-15T08:00:00.000Z');
    jest.setSystemTime(new Date('2026-06-15T08:00:05.000Z'));
    expect(new SystemClock().now().toISOString()).toBe('2026-06-15T08:00:05.000Z');
  });
});
