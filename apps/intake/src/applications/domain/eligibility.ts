import {
  ApplicationChanges, ApplicationKind, DRIVING_LICENCE_ISSUED_AFTER, EEA_AND_SWITZERLAND, IdentityDocument, isValidEmail, Reason, ReasonCode,
} from '@client-gate/contracts';

export const MINIMUM_AGE = 14;

export interface EligibilityInput {
  kind: ApplicationKind;
  /** For `modify`: what the client asks to change. */
  changes?: ApplicationChanges;
  dateOfBirth: string;
  citizenship: string;
  document: IdentityDocument;
  email?: string;
  /** The application day, YYYY-MM-DD. */
  today: string;
}

const reason = (code: ReasonCode, message: string): Reason => ({ code, message });

/** R1 (age), R5 (documents by citizenship, valid on the day) and R6 (email for register). Empty when eligible. */
export function checkEligibility(input: EligibilityInput): Reason[] {
  const reasons: Reason[] = [];
  if (input.kind === 'register' && !hasReachedAge(input.dateOfBirth, MINIMUM_AGE, input.today)) {
    reasons.push(reason('APPLICANT_TOO_YOUNG', `The applicant must be at least ${MINIMUM_AGE} years old on the application day (R1).`));
  }
  reasons.push(...checkDocument(input.citizenship, input.document, input.today));
  if (input.kind === 'register' && !isValidEmail(input.email)) {
    reasons.push(reason('EMAIL_INVALID', 'A valid email address is required to register (R6).'));
  }
  if (input.kind === 'modify') reasons.push(...checkChanges(input.changes));
  return reasons;
}

/** R18: a modify application changes something, and a new email address is a valid one. */
function checkChanges(changes: ApplicationChanges | undefined): Reason[] {
  const asked = changes ? Object.entries(changes).filter(([, value]) => value !== undefined && value !== false) : [];
  if (asked.length === 0) {
    return [reason('CHANGES_REQUIRED', 'A modify application states at least one change (R18).')];
  }
  if (changes?.email !== undefined && !isValidEmail(changes.email)) {
    return [reason('EMAIL_INVALID', 'The new email address is not a valid one (R6).')];
  }
  return [];
}

export function checkDocument(citizenship: string, document: IdentityDocument, today: string): Reason[] {
  const accepted = acceptedDocument(citizenship, document);
  if (accepted) return [accepted];
  const reasons: Reason[] = [];
  if (document.issuedOn > today) {
    reasons.push(reason('DOCUMENT_NOT_YET_VALID', 'The identity document is dated after the application day (R5).'));
  }
  if (document.expiresOn < today) {
    reasons.push(reason('DOCUMENT_EXPIRED', `The identity document expired on ${document.expiresOn} (R5).`));
  }
  return reasons;
}

/** A reason when this kind of document is not accepted for this citizenship; undefined when it is. */
function acceptedDocument(citizenship: string, document: IdentityDocument): Reason | undefined {
  const { type, issuingCountry, issuedOn } = document;
  if (citizenship === 'HU') {
    if (issuingCountry !== 'HU') {
      return reason('DOCUMENT_NOT_ACCEPTED', 'Hungarian citizens present a Hungarian ID card, passport or card-format driving licence (R5).');
    }
    if (type === 'driving_licence' && issuedOn <= DRIVING_LICENCE_ISSUED_AFTER) {
      return reason('DRIVING_LICENCE_ISSUED_BEFORE_2001', 'A Hungarian driving licence must be card-format, issued after 1 January 2001 (R5).');
    }
    return undefined;
  }
  if (EEA_AND_SWITZERLAND.has(citizenship)) {
    if (type === 'driving_licence' || !EEA_AND_SWITZERLAND.has(issuingCountry)) {
      return reason('DOCUMENT_NOT_ACCEPTED', 'EEA and Swiss citizens present an ID card or passport issued by an EEA state or Switzerland (R5).');
    }
    return undefined;
  }
  if (type !== 'passport') {
    return reason('DOCUMENT_NOT_ACCEPTED', 'Citizens of countries outside the EEA and Switzerland present a passport (R5).');
  }
  return undefined;
}

/**
 * Whether someone born on `dateOfBirth` is at least `years` old on `today` (all YYYY-MM-DD).
 * Born on 29 February: the birthday falls on 28 February in common years (the last day of the month).
 */
export function hasReachedAge(dateOfBirth: string, years: number, today: string): boolean {
  const [year, month, day] = dateOfBirth.split('-').map(Number);
  const targetYear = year + years;
  const lastDayOfMonth = new Date(Date.UTC(targetYear, month, 0)).getUTCDate();
  const birthday = `${String(targetYear).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(Math.min(day, lastDayOfMonth)).padStart(2, '0')}`;
  return birthday <= today;
}
