import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * Every form of a signed-in officer carries an HMAC of the session id: another site's post has no way to
 * know it, and a new session (at each sign-in) gets new tokens.
 */
export class CsrfTokens {
  constructor(private readonly key: Buffer) {}

  tokenFor(sessionId: string): string {
    return createHmac('sha256', this.key).update(`desk-form:${sessionId}`).digest('base64url');
  }

  matches(sessionId: string, token: unknown): boolean {
    if (typeof token !== 'string') return false;
    const expected = Buffer.from(this.tokenFor(sessionId));
    const given = Buffer.from(token);
    return given.length === expected.length && timingSafeEqual(given, expected);
  }
}
