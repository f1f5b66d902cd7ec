import { claimedExpiry } from './unverified-claims';

/** When the provider says nothing at all about an access token's life: assume a short one, and renew early. */
export const ASSUMED_LIFETIME_MS = 60_000;
/** Renew this long before expiry at most (a request in flight must not carry a token that expires on the way). */
const RENEW_AHEAD_MS = 60_000;

/**
 * When an access token expires: `expires_in` when the provider sends it, else the token's own `exp` when it is
 * a JWT (read, not verified: only to plan the renewal; the staff APIs verify it), else a short assumed life.
 */
export function accessTokenExpiresAt(expiresInSeconds: number | undefined, accessToken: string, now: number): number {
  if (expiresInSeconds !== undefined && Number.isFinite(expiresInSeconds)) return now + expiresInSeconds * 1000;
  const exp = claimedExpiry(accessToken);
  return exp !== undefined && exp * 1000 > now ? exp * 1000 : now + ASSUMED_LIFETIME_MS;
}

/** Whether to renew now: within a minute of expiry, or in the last half of the token's life when it is shorter than two minutes. */
export function renewalDue(tokens: { accessTokenExpiresAt: number; tokensRenewedAt: number }, now: number): boolean {
  const lifetime = tokens.accessTokenExpiresAt - tokens.tokensRenewedAt;
  return now >= tokens.accessTokenExpiresAt - Math.min(RENEW_AHEAD_MS, lifetime / 2);
}
