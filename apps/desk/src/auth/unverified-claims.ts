import { decodeJwt } from 'jose';

/**
 * The `exp` a JWT claims, read without verifying it (jose's decodeJwt): only to plan when to renew; the staff APIs
 * verify the token. Undefined when the token is not a JWT or names no expiry.
 */
export function claimedExpiry(token: string): number | undefined {
  try {
    const { exp } = decodeJwt(token);
    return typeof exp === 'number' ? exp : undefined;
  } catch {
    return undefined;
  }
}
