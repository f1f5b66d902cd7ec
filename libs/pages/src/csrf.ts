import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

const NONCE = /^[A-Za-z0-9_-]{43}$/;

/**
 * CSRF tokens without server-side state (activation's pages, SPEC §8): signed double submit. The browser keeps a
 * random nonce in an HttpOnly, SameSite=Strict cookie and every form carries the nonce's HMAC. Another site's post
 * arrives without the cookie, and even an attacker who manages to plant a cookie cannot sign its nonce without the key.
 */
export class SignedDoubleSubmitCsrf {
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
    return sameText(this.tokenFor(nonce), token);
  }
}

/**
 * CSRF tokens kept with a server-side session (the desk, SPEC §8): one random token per session, stored with it;
 * a form must carry that very token.
 */
export const SessionCsrfToken = {
  create(): string {
    return randomBytes(32).toString('base64url');
  },

  matches(sessionToken: string, token: unknown): boolean {
    return typeof token === 'string' && sameText(sessionToken, token);
  },
};

/** Compared in constant time (for equal lengths). */
function sameText(expected: string, given: string): boolean {
  const a = Buffer.from(expected);
  const b = Buffer.from(given);
  return a.length === b.length && timingSafeEqual(a, b);
}
