import { createRemoteJWKSet, errors, jwtVerify, JWTVerifyGetKey } from 'jose';
import { StaffIdentity } from './tokens';

/** Where the officers' OpenID Connect provider is and what its access tokens for the staff APIs look like. */
export interface ProviderTokenSettings {
  issuer: string;
  /** The staff APIs' resource: the `aud` the provider puts in their access tokens. */
  audience: string;
  /** The desk's client at the provider: a token the provider issued to another client is refused, whatever its audience. */
  clientId: string;
  /** The provider's signing algorithms; a token signed with any other is refused. */
  algorithms: string[];
  /** The JWT header `typ` of the provider's access tokens (RFC 9068: `at+jwt`). */
  tokenType: string;
  officerClaim: string;
  consulateClaim: string;
}

// Clocks of the provider and of this service differ a little.
const CLOCK_TOLERANCE_S = 5;

/**
 * Verifies the provider's JWT access tokens (SPEC §3 "desk"): signature with a key of the provider's JWKS
 * (found through discovery once per process; jose refetches the set only for an unknown key, at most every
 * 30 s), issuer, audience, the desk's client (`client_id` or `azp`), expiry, the provider's algorithms and token type. Expiry is checked on real time,
 * not the platform clock: the provider mints them on real time.
 */
export class ProviderAccessTokens {
  private keys?: Promise<JWTVerifyGetKey>;

  constructor(private readonly settings: ProviderTokenSettings) {}

  async verify(token: string): Promise<StaffIdentity | null> {
    const { issuer, audience, clientId, algorithms, tokenType, officerClaim, consulateClaim } = this.settings;
    try {
      const { payload } = await jwtVerify(token, await this.keySet(), {
        issuer,
        audience,
        algorithms,
        typ: tokenType,
        requiredClaims: ['exp', 'iat', officerClaim, consulateClaim],
        clockTolerance: CLOCK_TOLERANCE_S,
      });
      // RFC 9068 names the client `client_id`; Keycloak names it `azp`.
      if ((payload['client_id'] ?? payload['azp']) !== clientId) return null;
      const officer = payload[officerClaim];
      const consulate = payload[consulateClaim];
      return typeof officer === 'string' && typeof consulate === 'string' ? { officer, consulate } : null;
    } catch (error) {
      // A token that fails a check is refused; the provider being unreachable is not the token's fault.
      if (error instanceof errors.JOSEError && !(error instanceof errors.JWKSTimeout)) return null;
      throw error;
    }
  }

  private keySet(): Promise<JWTVerifyGetKey> {
    this.keys ??= discoverKeySet(this.settings.issuer).catch((error: unknown) => {
      this.keys = undefined; // try discovery again on the next request
      throw error;
    });
    return this.keys;
  }
}

/** The provider's discovery document, fetched now; it must name `issuer` itself (OpenID Connect Discovery §4.3). */
export async function fetchDiscovery(issuer: string, timeoutMs: number, init: Omit<RequestInit, 'signal'> = {}): Promise<{ issuer: string; jwks_uri?: unknown }> {
  const response = await fetch(`${issuer.replace(/\/$/, '')}/.well-known/openid-configuration`, { ...init, signal: AbortSignal.timeout(timeoutMs) });
  if (!response.ok) throw new Error(`OpenID discovery at ${issuer} answered ${response.status}`);
  const metadata = (await response.json()) as { issuer?: unknown; jwks_uri?: unknown };
  if (metadata.issuer !== issuer) throw new Error(`OpenID discovery at ${issuer} names another issuer: ${String(metadata.issuer)}`);
  return { ...metadata, issuer };
}

async function discoverKeySet(issuer: string): Promise<JWTVerifyGetKey> {
  const metadata = await fetchDiscovery(issuer, 5000);
  if (typeof metadata.jwks_uri !== 'string') throw new Error(`OpenID discovery at ${issuer} names no jwks_uri`);
  return createRemoteJWKSet(new URL(metadata.jwks_uri));
}
