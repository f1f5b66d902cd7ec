import { addDays, dayBounds, instantOf, wallClock } from './consulate-time';

describe('a consulate day in its own time zone', () => {
  it.each([
    ['Kyiv in winter (UTC+2)', '2026-12-01', 'Europe/Kyiv', '2026-11-30T22:00:00.000Z', '2026-12-01T22:00:00.000Z'],
    ['Kyiv in summer (UTC+3)', '2026-07-01', 'Europe/Kyiv', '2026-06-30T21:00:00.000Z', '2026-07-01T21:00:00.000Z'],
    ['Warsaw when clocks go forward (23 h)', '2026-03-29', 'Europe/Warsaw', '2026-03-28T23:00:00.000Z', '2026-03-29T22:00:00.000Z'],
    ['Warsaw when clocks go back (25 h)', '2026-10-25', 'Europe/Warsaw', '2026-10-24T22:00:00.000Z', '2026-10-25T23:00:00.000Z'],
    ['a zone west of UTC', '2026-12-01', 'America/New_York', '2026-12-01T05:00:00.000Z', '2026-12-02T05:00:00.000Z'],
  ])('%s', (_, date, zone, from, to) => {
    const bounds = dayBounds(date, zone);
    expect([bounds.from.toISOString(), bounds.to.toISOString()]).toEqual([from, to]);
  });

  it('reads a wall-clock time as its instant and back', () => {
    const instant = instantOf('2026-12-01', '10:30', 'Europe/Kyiv');
    expect(instant.toISOString()).toBe('2026-12-01T08:30:00.000Z');
    expect(wallClock(instant, 'Europe/Kyiv')).toEqual({ date: '2026-12-01', time: '10:30' });
  });

  it('reads a time skipped by summer time with the offset before the change', () => {
    expect(instantOf('2026-03-29', '02:30', 'Europe/Warsaw').toISOString()).toBe('2026-03-29T01:30:00.000Z');
  });

  it('counts days across month and year ends', () => {
    expect([addDays('2026-12-31', 1), addDays('2026-03-01', -1), addDays('2028-03-01', -1)]).toEqual(['2027-01-01', '2026-02-28', '2028-02-29']);
  });
});
