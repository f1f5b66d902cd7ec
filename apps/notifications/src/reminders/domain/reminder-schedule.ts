import { DocumentType } from '@client-gate/contracts';

/** Calendar days are `YYYY-MM-DD` strings in UTC (SPEC §6); reminders are due on a day, not at an instant. */
export type Day = string;

const DAY_MS = 24 * 60 * 60 * 1000;

/** R19: 60 and 30 days before a watched document expires and on the day itself; passports also 180 days before. */
export const DOCUMENT_THRESHOLDS: Record<DocumentType, readonly number[]> = {
  passport: [180, 60, 30, 0],
  id_card: [60, 30, 0],
  driving_licence: [60, 30, 0],
};

/** R20: 30, 7 and 1 day before the password expires. */
export const PASSWORD_THRESHOLDS: readonly number[] = [30, 7, 1];

export function dayOf(instant: Date): Day {
  return instant.toISOString().slice(0, 10);
}

export function shiftDay(day: Day, days: number): Day {
  return dayOf(new Date(Date.parse(`${day}T00:00:00Z`) + days * DAY_MS));
}

/** Whole calendar days from `from` to `to` (negative when `to` is earlier). */
export function daysBetween(from: Day, to: Day): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY_MS);
}

export interface PlannedReminder {
  thresholdDays: number;
  dueOn: Day;
}

/** The reminders of one expiry still to come when the schedule is made `today`: thresholds already past are never sent. */
export function planReminders(expiresOn: Day, thresholds: readonly number[], today: Day): PlannedReminder[] {
  return thresholds
    .map((thresholdDays) => ({ thresholdDays, dueOn: shiftDay(expiresOn, -thresholdDays) }))
    .filter((reminder) => reminder.dueOn >= today);
}

export interface DueReminder {
  /** One expiry of one thing (a document, a password): its reminders are settled together. */
  series: string;
  dueOn: Day;
  expiresOn: Day;
}

export interface Settlement<R> {
  send: R[];
  skip: R[];
}

/**
 * Decides what the due reminders of `today` become. Per series only the latest due one is sent, so that
 * a clock that jumped over several thresholds (or a job that did not run) causes no burst of stale
 * reminders; none is sent once the thing has already expired.
 */
export function settleDueReminders<R extends DueReminder>(due: R[], today: Day): Settlement<R> {
  const settlement: Settlement<R> = { send: [], skip: [] };
  const bySeries = new Map<string, R[]>();
  for (const reminder of due) {
    if (reminder.dueOn > today) continue;
    bySeries.set(reminder.series, [...(bySeries.get(reminder.series) ?? []), reminder]);
  }
  for (const reminders of bySeries.values()) {
    const latest = reminders.reduce((a, b) => (b.dueOn > a.dueOn ? b : a));
    for (const reminder of reminders) {
      const sendable = reminder === latest && reminder.expiresOn >= today;
      (sendable ? settlement.send : settlement.skip).push(reminder);
    }
  }
  return settlement;
}
