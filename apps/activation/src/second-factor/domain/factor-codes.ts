import { createHash, createHmac, randomBytes, randomInt, timingSafeEqual } from 'node:crypto';
import { canonicalCode, generateCode } from '../../codes/domain/one-time-code';

/** R22: the email factor's code is 6 digits, valid 10 minutes, at most 5 tries. */
export const EMAIL_CODE_VALIDITY_MINUTES = 10;
export const MAX_CODE_TRIES = 5;

export function newEmailCode(): string {
  return randomInt(0, 1_000_000).toString().padStart(6, '0');
}

/**
 * An emailed code's keyed hash, bound to what it was sent for (one login challenge, or one enrolment), so that
 * it is good for nothing else.
 */
export function emailCodeHash(key: Buffer, boundTo: string, code: string): string {
  return createHmac('sha256', key).update(`email-factor-code|${boundTo}|${code.trim()}`).digest('hex');
}

/** R23: the removal code, made like an activation code (16 Crockford base-32 characters, 80 bits). */
export function newRemovalCode(): string {
  return generateCode();
}

/** The removal code's keyed hash, with a purpose of its own (never equal to a one-time code's); null when it cannot be one. */
export function removalCodeHash(key: Buffer, typed: string): string | null {
  const canonical = canonicalCode(typed);
  return canonical && createHmac('sha256', key).update(`removal-code|${canonical}`).digest('hex');
}

/** A random bearer token (256 bits) and the hash it is stored as: challenges, enrolment tokens, sessions. */
export function newToken(): { token: string; hash: string } {
  const token = randomBytes(32).toString('base64url');
  return { token, hash: tokenHash(token) };
}

export function tokenHash(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/** Hex hashes compared in constant time. */
export function sameHash(a: string | null, b: string | null): boolean {
  if (a === null || b === null || a.length !== b.length) return false;
  return timingSafeEqual(Buffer.from(a), Buffer.from(b));
}

export function minutesAfter(date: Date, minutes: number): Date {
  return new Date(date.getTime() + minutes * 60_000);
}
