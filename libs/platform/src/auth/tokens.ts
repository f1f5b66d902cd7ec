import jwt from 'jsonwebtoken';
import { createSecretKey, KeyObject } from 'node:crypto';

export const TOKEN_ISSUER = 'client-gate';
export const STAFF_AUDIENCE = 'client-gate/staff';
export const PORTAL_AUDIENCE = 'client-gate/portal';
export const STAFF_TOKEN_LIFETIME_S = 8 * 60 * 60;
export const PORTAL_TOKEN_LIFETIME_S = 365 * 24 * 60 * 60;

export interface StaffIdentity {
  officer: string;
  consulate: string;
}

const epochSeconds = (date: Date) => Math.floor(date.getTime() / 1000);

// jsonwebtoken would build a key object from the secret on every check: build it once per secret.
const keys = new Map<string, KeyObject>();
function keyOf(secret: string): KeyObject {
  let key = keys.get(secret);
  if (!key) keys.set(secret, (key = createSecretKey(Buffer.from(secret, 'utf8'))));
  return key;
}

/**
 * A signed, short-lived staff token naming the officer and their consulate (SPEC §8). It is minted
 * and checked on the platform's clock, so a token made at a simulated time works at that time.
 */
export function mintStaffToken(secret: string, staff: StaffIdentity, now: Date): string {
  return jwt.sign({ consulate: staff.consulate, iat: epochSeconds(now) }, secret, {
    algorithm: 'HS256',
    subject: staff.officer,
    issuer: TOKEN_ISSUER,
    audience: STAFF_AUDIENCE,
    expiresIn: STAFF_TOKEN_LIFETIME_S,
    // Not valid before it was minted: one made at a simulated future time does not work today.
    notBefore: 0,
  });
}

/** The online portal's credential for the temporary-registration endpoints. */
export function mintPortalToken(secret: string, now: Date): string {
  return jwt.sign({ iat: epochSeconds(now) }, secret, {
    algorithm: 'HS256',
    subject: 'online-portal',
    issuer: TOKEN_ISSUER,
    audience: PORTAL_AUDIENCE,
    expiresIn: PORTAL_TOKEN_LIFETIME_S,
    notBefore: 0,
  });
}

// The longest a token of each audience lives, whatever its `exp` says.
const MAX_AGE_S: Record<string, number> = { [STAFF_AUDIENCE]: STAFF_TOKEN_LIFETIME_S, [PORTAL_AUDIENCE]: PORTAL_TOKEN_LIFETIME_S };

/**
 * Verifies signature (HS256 only, so `alg: none` fails), issuer, audience, expiry and age; null when any
 * fails. `exp` and `iat` are required: jsonwebtoken would accept a token without `exp` for ever.
 */
export function verifyToken(secret: string, token: string, audience: string, now: Date): jwt.JwtPayload | null {
  try {
    const payload = jwt.verify(token, keyOf(secret), {
      algorithms: ['HS256'],
      issuer: TOKEN_ISSUER,
      audience,
      clockTimestamp: epochSeconds(now),
      maxAge: MAX_AGE_S[audience] ?? STAFF_TOKEN_LIFETIME_S,
    });
    return typeof payload === 'object' && typeof payload.exp === 'number' ? payload : null;
  } catch {
    return null;
  }
}

export function verifyStaffToken(secret: string, token: string, now: Date): StaffIdentity | null {
  const payload = verifyToken(secret, token, STAFF_AUDIENCE, now);
  if (!payload || typeof payload.sub !== 'string' || typeof payload['consulate'] !== 'string') return null;
  return { officer: payload.sub, consulate: payload['consulate'] };
}
