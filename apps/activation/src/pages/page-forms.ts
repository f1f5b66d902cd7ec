import { ApiError } from '@client-gate/platform';
import { PasswordAndCode } from '../second-factor/factor-proof.service';
import { assertionSchema } from '../second-factor/passkeys/webauthn';
import { Request } from 'express';
import { PASSWORD_VALIDITY_MAX_DAYS, PASSWORD_VALIDITY_MIN_DAYS } from '../credentials/domain/password-policy';

/**
 * A page's POST is a browser's form post (application/x-www-form-urlencoded, which the JSON API never
 * documented); every other POST on the same path is left to the JSON API there, if there is one.
 */
export function isFormPost(request: Request): boolean {
  return Boolean(request.is('application/x-www-form-urlencoded'));
}

/** The posted fields by name: a missing or repeated field is empty. */
export function formFields<N extends string>(request: Request, names: readonly N[]): Record<N, string> {
  const body = (request.body ?? {}) as Record<string, unknown>;
  return Object.fromEntries(names.map((name) => [name, typeof body[name] === 'string' ? body[name] : ''])) as Record<N, string>;
}

/** The optional validity field (R10): empty is the default; anything but a whole number is out of range. */
export function typedValidityDays(typed: string): number | undefined {
  const days = typed.trim();
  if (days === '') return undefined;
  if (!/^\d{1,6}$/.test(days)) {
    throw ApiError.unprocessable([
      {
        code: 'PASSWORD_VALIDITY_OUT_OF_RANGE',
        field: 'passwordValidityDays',
        message: `Password validity is ${PASSWORD_VALIDITY_MIN_DAYS} to ${PASSWORD_VALIDITY_MAX_DAYS} days.`,
      },
    ]);
  }
  return Number(days);
}

/** A hidden field's JSON (a WebAuthn credential); undefined when it is empty or not JSON, which the schema then refuses. */
export function parsedJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/**
 * R26, R27: what proves it is the client: the password and a code, or, from the form's passkey button (passkeys.js),
 * the password and a passkey's assertion; a missing or malformed assertion is a wrong proof.
 */
export function typedProof(request: Request, fields: { password: string; code: string }): PasswordAndCode {
  const { proof, assertion } = formFields(request, ['proof', 'assertion']);
  if (proof !== 'passkey') return { password: fields.password, code: fields.code };
  const parsed = assertionSchema.safeParse(parsedJson(assertion));
  if (!parsed.success) throw ApiError.unauthorized('INVALID_CREDENTIALS', 'The password or the passkey is not correct.');
  return { password: fields.password, assertion: parsed.data };
}
