import { Secret, TOTP } from 'otpauth';

/** RFC 6238 as R22 fixes it: SHA-1, 6 digits, 30-second steps, one step of drift either way. */
const PARAMETERS = { algorithm: 'SHA1', digits: 6, period: 30 } as const;

export const TOTP_ISSUER = 'Ügyfélkapu';

/** A new 160-bit secret (RFC 4226's recommended length), in base 32. */
export function newTotpSecret(): string {
  return new Secret({ size: 20 }).base32;
}

/** The `otpauth://` URI an authenticator app reads from the QR code. */
export function totpUri(secret: string, accountName: string): string {
  return new TOTP({ ...PARAMETERS, issuer: TOTP_ISSUER, label: accountName, secret }).toString();
}

/** The secret in groups of four, for typing by hand. */
export function groupedSecret(secret: string): string {
  return secret.match(/.{1,4}/g)!.join(' ');
}

/**
 * The time step whose code `code` is, within one step either way of `nowMs`; null when none. otpauth compares
 * in constant time; that a step was not used before is the caller's to check (each step is accepted once).
 */
export function totpStep(secret: string, code: string, nowMs: number): number | null {
  if (!/^\d{6}$/.test(code)) return null;
  const totp = new TOTP({ ...PARAMETERS, secret });
  const delta = totp.validate({ token: code, timestamp: nowMs, window: 1 });
  return delta === null ? null : totp.counter({ timestamp: nowMs }) + delta;
}

/** The code of the step that holds `atMs` (for tests and tools that play the authenticator app). */
export function totpCode(secret: string, atMs: number): string {
  return new TOTP({ ...PARAMETERS, secret }).generate({ timestamp: atMs });
}
