import { Reason, ReasonCode } from '@client-gate/contracts';
import { Messages } from '../pages/messages';

/**
 * Registry's and intake's reasons in the officer's language, by their code; what a reason states (R8: the day
 * the temporary registration lapses) comes from its own field, never from the English message.
 */
export function plainReason(t: Messages, reason: Reason, formatDay: (date: string) => string): { text: string; values: ReasonValues } {
  const none = { date: null, message: null };
  if (reason.code === ReasonCode.TEMPORARY_REGISTRATION_PENDING) {
    return { text: t.reasons.TEMPORARY_REGISTRATION_PENDING, values: { ...none, date: reason.lapsesOn ? formatDay(reason.lapsesOn) : '?' } };
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
