import { Messages } from '../pages/messages';

export interface Reason {
  code: string;
  message: string;
}

/**
 * Registry's and intake's reasons in the officer's language. R8's rejection names the day the temporary
 * registration lapses only inside its message (`… lapses on YYYY-MM-DD …`): the date is read from there.
 */
export function plainReason(t: Messages, reason: Reason, formatDay: (date: string) => string): { text: string; values: ReasonValues } {
  const none = { date: null, message: null };
  if (reason.code === 'TEMPORARY_REGISTRATION_PENDING') {
    const lapsesOn = /\d{4}-\d{2}-\d{2}/.exec(reason.message)?.[0];
    return { text: t.reasons.TEMPORARY_REGISTRATION_PENDING, values: { ...none, date: lapsesOn ? formatDay(lapsesOn) : '?' } };
  }
  if (Object.hasOwn(t.reasons, reason.code)) return { text: t.reasons[reason.code as keyof Messages['reasons']], values: none };
  if (Object.hasOwn(t.errors, reason.code)) return { text: t.errors[reason.code as keyof Messages['errors']], values: none };
  return { text: t.reasons.UNKNOWN, values: { ...none, message: reason.message } };
}

/** What the words' placeholders are filled with (both always present: the templates are strict). */
interface ReasonValues {
  date: string | null;
  message: string | null;
}
