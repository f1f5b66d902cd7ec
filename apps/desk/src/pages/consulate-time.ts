/**
 * A consulate's calendar in its own time zone, with Intl only: what instant a wall-clock time there is,
 * and which instants a day there spans (23 to 25 hours around a change of summer time).
 */

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let format = formatters.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-GB', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    formatters.set(timeZone, format);
  }
  return format;
}

/** The wall-clock reading in `timeZone` at `instant`, as `YYYY-MM-DD` and `HH:MM`. */
export function wallClock(instant: Date, timeZone: string): { date: string; time: string } {
  const parts = Object.fromEntries(formatter(timeZone).formatToParts(instant).map(({ type, value }) => [type, value]));
  return { date: `${parts['year']}-${parts['month']}-${parts['day']}`, time: `${parts['hour']}:${parts['minute']}` };
}

/** How far ahead of UTC `timeZone` is at `instant`, in milliseconds. */
function offsetAt(instant: number, timeZone: string): number {
  const { date, time } = wallClock(new Date(instant), timeZone);
  const seconds = new Date(instant).getUTCSeconds();
  return Date.parse(`${date}T${time}:${String(seconds).padStart(2, '0')}Z`) - (instant - (instant % 1000));
}

/**
 * The instant of `date` `time` on the wall clocks of `timeZone`. A time skipped when clocks go forward
 * is read with the offset before the change (02:30 becomes 03:30); a repeated time is one of its two.
 */
export function instantOf(date: string, time: string, timeZone: string): Date {
  const asUtc = Date.parse(`${date}T${time}:00Z`);
  const first = asUtc - offsetAt(asUtc, timeZone);
  const candidates = [first, asUtc - offsetAt(first, timeZone)];
  const readBack = candidates.filter((instant) => wallClock(new Date(instant), timeZone).time === time);
  return new Date(readBack.length > 0 ? Math.min(...readBack) : Math.max(...candidates));
}

/** The instants [from, to) of one calendar day in `timeZone`. */
export function dayBounds(date: string, timeZone: string): { from: Date; to: Date } {
  return { from: instantOf(date, '00:00', timeZone), to: instantOf(addDays(date, 1), '00:00', timeZone) };
}

export function addDays(date: string, days: number): string {
  const day = new Date(`${date}T00:00:00Z`);
  day.setUTCDate(day.getUTCDate() + days);
  return day.toISOString().slice(0, 10);
}
