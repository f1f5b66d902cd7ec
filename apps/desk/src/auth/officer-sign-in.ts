import { Inject, Injectable } from '@nestjs/common';
import { fetchDiscovery } from '@client-gate/platform';
import * as oidc from 'openid-client';
import { DESK_ENV, DeskEnv } from '../config';
import { accessTokenExpiresAt } from './token-lifetime';

/** What the desk keeps between the redirect to the provider and the way back (PendingSignIns). */
export interface PendingSignIn {
  verifier: string;
  state: string;
  nonce: string;
}

/** The provider's tokens for a signed-in officer, and when the access token expires (ms since the epoch). */
export interface OfficerTokens {
  accessToken: string;
  /** Absent when the provider issued none: the session then ends with its access token. */
  refreshToken?: string;
  idToken: string;
  accessTokenExpiresAt: number;
  tokensRenewedAt: number;
}

export interface SignedInOfficer extends OfficerTokens {
  officer: string;
  name: string;
  consulate: string;
}

/** How long readiness waits for the provider's discovery document. */
const PROVIDER_CHECK_TIMEOUT_MS = 3_000;

/** The provider refused to renew the tokens (its session ended, or the refresh token expired or was revoked). */
export class RenewalRefused extends Error {}

/** The officer's identity token lacks a claim the desk needs (the provider is misconfigured for this client). */
export class MissingClaim extends Error {}

/**
 * Signs officers in through the ministry's OpenID Connect provider with openid-client: authorization code
 * flow with PKCE (always, whatever the provider advertises), `state` and `nonce`; the provider is discovered
 * once per process. The access token it returns is for the staff APIs (`resource`), which verify it.
 */
@Injectable()
export class OfficerSignIn {
  private configuration?: Promise<oidc.Configuration>;

  constructor(@Inject(DESK_ENV) private readonly env: DeskEnv) {}

  get redirectUri(): string {
    return `${this.env.DESK_PUBLIC_URL}/auth/callback`;
  }

  async start(): Promise<{ url: URL; pending: PendingSignIn }> {
    const pending = { verifier: oidc.randomPKCECodeVerifier(), state: oidc.randomState(), nonce: oidc.randomNonce() };
    const url = oidc.buildAuthorizationUrl(await this.provider(), {
      redirect_uri: this.redirectUri,
      scope: this.env.OIDC_SCOPE,
      code_challenge: await oidc.calculatePKCECodeChallenge(pending.verifier),
      code_challenge_method: 'S256',
      state: pending.state,
      nonce: pending.nonce,
      resource: this.env.OIDC_AUDIENCE,
    });
    return { url, pending };
  }

  /** The provider's redirect back: the code is exchanged and the ID token checked against what this browser started. */
  async finish(callbackUrl: URL, pending: PendingSignIn): Promise<SignedInOfficer> {
    const tokens = await oidc.authorizationCodeGrant(
      await this.provider(),
      callbackUrl,
      { pkceCodeVerifier: pending.verifier, expectedState: pending.state, expectedNonce: pending.nonce, idTokenExpected: true },
      { resource: this.env.OIDC_AUDIENCE },
    );
    const claims = tokens.claims()!;
    const claim = (name: string) => {
      const value = claims[name];
      if (typeof value !== 'string' || value === '') throw new MissingClaim(`The identity token has no ${name} claim`);
      return value;
    };
    return {
      officer: claim(this.env.OIDC_OFFICER_CLAIM),
      name: claim(this.env.OIDC_NAME_CLAIM),
      consulate: claim(this.env.OIDC_CONSULATE_CLAIM),
      ...officerTokens(tokens),
      idToken: tokens.id_token!,
    };
  }

  /**
   * New tokens with the refresh token (R25: the officer stays signed in past the access token's short life).
   * Throws RenewalRefused when the provider says no; any other error means it could not be asked.
   */
  async renew(current: OfficerTokens): Promise<OfficerTokens> {
    if (!current.refreshToken) throw new RenewalRefused('the provider issued no refresh token');
    let tokens: oidc.TokenEndpointResponse & oidc.TokenEndpointResponseHelpers;
    try {
      tokens = await oidc.refreshTokenGrant(await this.provider(), current.refreshToken, { resource: this.env.OIDC_AUDIENCE });
    } catch (error) {
      if (error instanceof oidc.ResponseBodyError) throw new RenewalRefused(`the provider refused: ${error.error}`);
      throw error;
    }
    // A provider that rotates refresh tokens sends a new one; one that does not keeps the old one valid.
    return { ...officerTokens(tokens), refreshToken: tokens.refresh_token ?? current.refreshToken, idToken: tokens.id_token ?? current.idToken };
  }

  /** RP-initiated logout: where to send the browser so that the provider's session ends too (none if it has no such endpoint). */
  async signOutUrl(idToken: string): Promise<URL | null> {
    const provider = await this.provider();
    if (!provider.serverMetadata().end_session_endpoint) return null;
    return oidc.buildEndSessionUrl(provider, { id_token_hint: idToken, post_logout_redirect_uri: `${this.env.DESK_PUBLIC_URL}/signed-out` });
  }

  /** The provider's origin: the pages' `form-action` allows the sign-out form's redirect there. */
  get issuerOrigin(): string {
    return new URL(this.env.OIDC_ISSUER).origin;
  }

  /**
   * Whether the provider answers now: its discovery document fetched afresh, naming the configured issuer. Readiness
   * asks this, not the configuration discovered at the first sign-in, which would stay good after the provider went away.
   */
  async answers(): Promise<void> {
    await fetchDiscovery(this.env.OIDC_ISSUER, PROVIDER_CHECK_TIMEOUT_MS, { redirect: 'error' });
  }

  private provider(): Promise<oidc.Configuration> {
    this.configuration ??= oidc
      .discovery(new URL(this.env.OIDC_ISSUER), this.env.OIDC_CLIENT_ID, this.env.OIDC_CLIENT_SECRET, oidc.ClientSecretBasic(this.env.OIDC_CLIENT_SECRET), {
        // Plain http only for the development provider (the configuration refuses it in production).
        execute: this.env.OIDC_ISSUER.startsWith('http:') ? [oidc.allowInsecureRequests] : [],
      })
      .catch((error: unknown) => {
        this.configuration = undefined; // discover again on the next sign-in
        throw error;
      });
    return this.configuration;
  }
}

function officerTokens(tokens: oidc.TokenEndpointResponse & oidc.TokenEndpointResponseHelpers): Omit<OfficerTokens, 'idToken'> {
  const now = Date.now();
  return {
    accessToken: tokens.access_token,
    refreshToken: tokens.refresh_token,
    accessTokenExpiresAt: accessTokenExpiresAt(tokens.expiresIn(), tokens.access_token, now),
    tokensRenewedAt: now,
  };
}
