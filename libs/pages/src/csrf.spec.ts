import { randomBytes } from 'node:crypto';
import { SessionCsrfToken, SignedDoubleSubmitCsrf } from './csrf';

describe('SignedDoubleSubmitCsrf (SPEC §8: CSRF tokens on every form, activation\'s pages)', () => {
  const tokens = new SignedDoubleSubmitCsrf(randomBytes(32));

  it('SPEC §8: a form token matches the nonce of the cookie it was made for', () => {
    const nonce = tokens.newNonce();
    expect(tokens.isNonce(nonce)).toBe(true);
    expect(tokens.matches(nonce, tokens.tokenFor(nonce))).toBe(true);
  });

  it('SPEC §8: refuses a missing cookie or token, another nonce\'s token, a forged or malformed one', () => {
    const nonce = tokens.newNonce();
    const token = tokens.tokenFor(nonce);
    expect(tokens.matches(undefined, token)).toBe(false);
    expect(tokens.matches(nonce, undefined)).toBe(false);
    expect(tokens.matches(nonce, ['a', 'b'])).toBe(false);
    expect(tokens.matches(tokens.newNonce(), token)).toBe(false);
    expect(tokens.matches(nonce, `${token.slice(0, -1)}${token.endsWith('A') ? 'B' : 'A'}`)).toBe(false);
    expect(tokens.matches(nonce, token.slice(1))).toBe(false);
    expect(tokens.matches('short', tokens.tokenFor('short'))).toBe(false);
  });

  it('SPEC §8: a token signed with another key does not match (an attacker cannot sign a planted cookie)', () => {
    const other = new SignedDoubleSubmitCsrf(randomBytes(32));
    const nonce = tokens.newNonce();
    expect(tokens.matches(nonce, other.tokenFor(nonce))).toBe(false);
  });
});

describe('SessionCsrfToken (SPEC §8: CSRF tokens on every form, the desk\'s pages)', () => {
  it('SPEC §8: a form must carry the session\'s own token; another session\'s, a truncated or a non-string one is refused', () => {
    const token = SessionCsrfToken.create();
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(SessionCsrfToken.matches(token, token)).toBe(true);
    expect(SessionCsrfToken.matches(token, SessionCsrfToken.create())).toBe(false);
    expect(SessionCsrfToken.matches(token, token.slice(1))).toBe(false);
    expect(SessionCsrfToken.matches(token, undefined)).toBe(false);
    expect(SessionCsrfToken.matches(token, [token])).toBe(false);
  });
});
