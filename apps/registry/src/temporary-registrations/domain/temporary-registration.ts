import { Reason, ReasonCode } from '@client-gate/contracts';

/** R8: a temporary registration lapses 30 days after it was made. */
export const TEMPORARY_REGISTRATION_DAYS = 30;

/** R8: the rejection states both remedies, and the day the registration lapses (`YYYY-MM-DD`), as a field of its own. */
export function temporaryRegistrationPending(lapsesOn: string): Reason {
  return {
    code: ReasonCode.TEMPORARY_REGISTRATION_PENDING,
    lapsesOn,
    message:
      `This person has a temporary online registration (R8). Either cancel it online, or wait until it lapses on ${lapsesOn}; ` +
      'then register again.',
  };
}
