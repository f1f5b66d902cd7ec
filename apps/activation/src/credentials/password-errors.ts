import { ErrorItem } from '@client-gate/platform';
import { isCommonPassword } from './domain/common-passwords';
import { passwordProblem, passwordValidityProblem } from './domain/password-policy';

/** R10 and R16 as API errors, for activation and password reset alike. */
export function passwordErrors(password: string, passwordValidityDays: number | undefined, username: string): ErrorItem[] {
  const problems: ErrorItem[] = [];
  const weakness = passwordProblem(password, username, isCommonPassword);
  if (weakness) problems.push({ code: 'PASSWORD_TOO_WEAK', field: 'password', message: weakness });
  const validity = passwordValidityProblem(passwordValidityDays);
  if (validity) problems.push({ code: 'PASSWORD_VALIDITY_OUT_OF_RANGE', field: 'passwordValidityDays', message: validity });
  return problems;
}
