import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { ActivationEnv } from '../config';

const NONCE = /^[A-Za-z0-9_-]{43}$/;

/**
 * Signed double-submit tokens (SPEC §8): the browser keeps a random nonce in an HttpOnly, SameSite=Strict
 * cookie and every form carries the nonce's HMAC. Another site's post arrives without the cookie, and
 * even an attacker who manages to plant a cookie cannot sign its nonce without the key.
 */
export class CsrfTokens {
  constructor(private readonly key: Buffer) {}

  newNonce(): string {
    return randomBytes(32).toString('base64url');
  }

  isNonce(value: string | undefined): value is string {
    return value !== undefined && NONCE.test(value);
  }

  tokenFor(nonce: string): string {
    return createHmac('sha256', this.key).update(nonce).digest('base64url');
  }

  matches(nonce: string | undefined, token: unknown): boolean {
    if (!this.isNonce(nonce) || typeof token !== 'string') return false;
    const expected = Buffer.from(this.tokenFor(nonce));
    const given = Buffer.from(token);
    return given.length === expected.length && timingSafeEqual(given, expected);
  }
}

/** PAGE_CSRF_KEY, or outside production (where it is optional) a key derived from CODE_HASH_KEY, never equal to it. */
export function pageCsrfKey(env: Pick<ActivationEnv, 'PAGE_CSRF_KEY' | 'CODE_HASH_KEY'>): Buffer {
  if (env.PAGE_CSRF_KEY) return Buffer.from(env.PAGE_CSRF_KEY, 'base64');
  return createHmac('sha256', Buffer.from(env.CODE_HASH_KEY, 'base64')).update('client-gate page CSRF key').digest();
}
