import { usernameKey } from '@client-gate/contracts';

export const PASSWORD_MIN_LENGTH = 12;
export const PASSWORD_MAX_LENGTH = 128;

/** R16: 12–128 characters, not containing the username, not a common password; no composition rules. */
export function passwordProblem(password: string, username: string, isCommon: (password: string) => boolean): string | null {
  const length = [...password].length;
  if (length < PASSWORD_MIN_LENGTH || length > PASSWORD_MAX_LENGTH) {
    return `A password has ${PASSWORD_MIN_LENGTH} to ${PASSWORD_MAX_LENGTH} characters.`;
  }
  if (usernameKey(password).includes(usernameKey(username))) return 'The password must not contain the username.';
  if (isCommon(password)) return 'This password is too common.';
  return null;
}

export const PASSWORD_VALIDITY_MIN_DAYS = 1;
export const PASSWORD_VALIDITY_MAX_DAYS = 730;

/** R10: the client may choose 1 to 730 days; without a choice the password is valid the maximum. */
export function passwordValidityProblem(days: number | undefined): string | null {
  if (days === undefined || (days >= PASSWORD_VALIDITY_MIN_DAYS && days <= PASSWORD_VALIDITY_MAX_DAYS)) return null;
  return `Password validity is ${PASSWORD_VALIDITY_MIN_DAYS} to ${PASSWORD_VALIDITY_MAX_DAYS} days.`;
}
