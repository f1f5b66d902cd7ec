import { sessionEnded, SESSION_IDLE_MS, SESSION_MAX_AGE_MS } from './sessions';
import { accessTokenExpiresAt, ASSUMED_LIFETIME_MS, renewalDue } from './token-lifetime';

const MINUTE = 60_000;
const START = Date.parse('2026-12-01T08:00:00Z');

function jwt(payload: Record<string, unknown>): string {
  return ['{"alg":"RS256"}', JSON.stringify(payload)].map((part) => Buffer.from(part).toString('base64url')).join('.') + '.signature';
}

describe('R25: the desk\'s session limits (8 hours at most, 30 idle minutes), whatever the access token\'s life', () => {
  it('ends after 30 idle minutes; each request starts the idle time again', () => {
    expect(sessionEnded({ startedAt: START, lastSeenAt: START }, START + SESSION_IDLE_MS - MINUTE)).toBe(false);
    expect(sessionEnded({ startedAt: START, lastSeenAt: START + 20 * MINUTE }, START + 20 * MINUTE + SESSION_IDLE_MS - MINUTE)).toBe(false);
    expect(sessionEnded({ startedAt: START, lastSeenAt: START }, START + SESSION_IDLE_MS)).toBe(true);
  });

  it('ends after 8 hours however busy the officer is', () => {
    expect(sessionEnded({ startedAt: START, lastSeenAt: START + SESSION_MAX_AGE_MS - MINUTE }, START + SESSION_MAX_AGE_MS - 1)).toBe(false);
    expect(sessionEnded({ startedAt: START, lastSeenAt: START + SESSION_MAX_AGE_MS - MINUTE }, START + SESSION_MAX_AGE_MS)).toBe(true);
  });
});

describe('R25: renewing the provider\'s access token before it expires', () => {
  it('renews within a minute of expiry for Keycloak\'s 5-minute tokens, and halfway through a 20-second one', () => {
    const fiveMinutes = { tokensRenewedAt: START, accessTokenExpiresAt: START + 5 * MINUTE };
    expect(renewalDue(fiveMinutes, START + 3 * MINUTE)).toBe(false);
    expect(renewalDue(fiveMinutes, START + 4 * MINUTE)).toBe(true);
    const twentySeconds = { tokensRenewedAt: START, accessTokenExpiresAt: START + 20_000 };
    expect(renewalDue(twentySeconds, START + 9_000)).toBe(false);
    expect(renewalDue(twentySeconds, START + 10_000)).toBe(true);
    expect(renewalDue(twentySeconds, START + 60_000)).toBe(true);
  });

  it('takes expires_in when the provider sends it', () => {
    expect(accessTokenExpiresAt(300, 'opaque', START)).toBe(START + 300_000);
  });

  it('without expires_in, takes a JWT access token\'s own exp, else assumes a short life (never "already expired")', () => {
    expect(accessTokenExpiresAt(undefined, jwt({ exp: START / 1000 + 120 }), START)).toBe(START + 120_000);
    expect(accessTokenExpiresAt(undefined, jwt({ exp: START / 1000 - 1 }), START)).toBe(START + ASSUMED_LIFETIME_MS);
    expect(accessTokenExpiresAt(undefined, 'opaque-token', START)).toBe(START + ASSUMED_LIFETIME_MS);
    expect(accessTokenExpiresAt(undefined, 'a.bm90IGpzb24.c', START)).toBe(START + ASSUMED_LIFETIME_MS);
  });
});
