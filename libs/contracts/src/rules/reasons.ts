/**
 * Every code an application can be refused or rejected with (intake's 422, registry's verdict), and the field of
 * the application each one points at (null: the application as a whole). The desk places its words by these.
 */
export const REASON_FIELDS = {
  APPLICANT_TOO_YOUNG: 'person.dateOfBirth',
  EMAIL_INVALID: 'email',
  CHANGES_REQUIRED: null,
  DOCUMENT_NOT_YET_VALID: 'document.issuedOn',
  DOCUMENT_EXPIRED: 'document.expiresOn',
  DOCUMENT_NOT_ACCEPTED: 'document.type',
  DRIVING_LICENCE_ISSUED_BEFORE_2001: 'document.issuedOn',
  GATEWAY_ALREADY_EXISTS: null,
  GATEWAY_NOT_FOUND: null,
  GATEWAY_NOT_ACTIVE: null,
  TEMPORARY_REGISTRATION_PENDING: null,
  USERNAME_INVALID: 'changes.username',
  USERNAME_TAKEN: 'changes.username',
} as const satisfies Record<string, string | null>;

export type ReasonCode = keyof typeof REASON_FIELDS;

export const ReasonCode = Object.fromEntries(Object.keys(REASON_FIELDS).map((code) => [code, code])) as { [C in ReasonCode]: C };

export function isReasonCode(code: string): code is ReasonCode {
  return Object.hasOwn(REASON_FIELDS, code);
}
