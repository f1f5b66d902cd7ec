import Provider, { Configuration, errors, JWK, KoaContextWithOIDC } from 'oidc-provider';
import { IncomingMessage, ServerResponse } from 'node:http';
import { timingSafeEqual } from 'node:crypto';
import { errorPage, expiredPage, loginPage, logoutPage, pageHeaders, signedOutPage } from './interaction-pages';
import { DEMO_OFFICERS, DEMO_PASSWORD, isDemoOfficer } from './officers';

export interface DevProviderSettings {
  issuer: string;
  /** The staff APIs' resource: access tokens are JWTs for it. */
  audience: string;
  clientId: string;
  clientSecret: string;
  redirectUris: string[];
  postLogoutRedirectUris: string[];
  signingKey: JWK;
  cookieKey: string;
  /** Access tokens' life; the desk renews them with its refresh token (tests make it short). */
  accessTokenTtlSeconds: number;
}

/** The provider's session, grants and refresh tokens: a working day, the desk's own limit (R25). */
const SESSION_TTL_S = 8 * 60 * 60;
const SCOPE = 'openid profile';

/**
 * The development stand-in for the ministry's OpenID Connect provider (SPEC §3 "desk"), built on
 * oidc-provider: authorization code flow with PKCE required, JWT access tokens for the staff APIs
 * carrying the consulate, RP-initiated logout, and its own sign-in page checking the demo officers'
 * password (oidc-provider's development pages accept any password, so they are switched off).
 */
export function createDevProvider(settings: DevProviderSettings) {
  const clientOrigins = [...new Set([...settings.redirectUris, ...settings.postLogoutRedirectUris].map((uri) => new URL(uri).origin))];
  const headers = pageHeaders(clientOrigins);
  const configuration: Configuration = {
    clients: [
      {
        client_id: settings.clientId,
        client_secret: settings.clientSecret,
        client_name: 'Client Gate desk',
        redirect_uris: settings.redirectUris,
        post_logout_redirect_uris: settings.postLogoutRedirectUris,
        grant_types: ['authorization_code', 'refresh_token'],
        response_types: ['code'],
        token_endpoint_auth_method: 'client_secret_basic',
      },
    ],
    jwks: { keys: [settings.signingKey] },
    cookies: { keys: [settings.cookieKey] },
    pkce: { required: () => true, methods: ['S256'] },
    claims: { openid: ['sub'], profile: ['name', 'consulate'] },
    // The ID token carries the officer's name and consulate: the desk has no use for the userinfo endpoint.
    conformIdTokenClaims: false,
    features: {
      devInteractions: { enabled: false },
      resourceIndicators: {
        enabled: true,
        defaultResource: () => settings.audience,
        useGrantedResource: () => true,
        getResourceServerInfo: (_ctx, resource) => {
          if (resource !== settings.audience) throw new errors.InvalidTarget();
          return { scope: SCOPE, audience: settings.audience, accessTokenTTL: settings.accessTokenTtlSeconds, accessTokenFormat: 'jwt', jwt: { sign: { alg: 'RS256' } } };
        },
      },
      rpInitiatedLogout: {
        enabled: true,
        logoutSource: (ctx, form) => respond(ctx, logoutPage(form)),
        postLogoutSuccessSource: (ctx) => respond(ctx, signedOutPage()),
      },
    },
    findAccount: (_ctx, id) =>
      isDemoOfficer(id)
        ? { accountId: id, claims: () => ({ sub: id, name: DEMO_OFFICERS[id].name, consulate: DEMO_OFFICERS[id].consulate }) }
        : undefined,
    // The staff APIs scope every read and write by the consulate in the officer's access token.
    extraTokenClaims: (_ctx, token) =>
      token.kind === 'AccessToken' && isDemoOfficer(token.accountId) ? { consulate: DEMO_OFFICERS[token.accountId].consulate } : undefined,
    // The desk is the ministry's own application: officers are not asked to consent to it.
    loadExistingGrant: async (ctx) => {
      const { session, client } = ctx.oidc;
      if (!session?.accountId || !client) return undefined;
      const existing = session.grantIdFor(client.clientId);
      if (existing) return ctx.oidc.provider.Grant.find(existing);
      const grant = new ctx.oidc.provider.Grant({ clientId: client.clientId, accountId: session.accountId });
      grant.addOIDCScope(SCOPE);
      grant.addResourceScope(settings.audience, SCOPE);
      await grant.save();
      return grant;
    },
    // A refresh token for the desk without `offline_access` (oidc-provider's default issues one only with it), as Keycloak does.
    issueRefreshToken: (_ctx, client) => client.grantTypeAllowed('refresh_token'),
    ttl: {
      AccessToken: settings.accessTokenTtlSeconds,
      IdToken: 60 * 60,
      Interaction: 10 * 60,
      Session: SESSION_TTL_S,
      Grant: SESSION_TTL_S,
      RefreshToken: SESSION_TTL_S,
    },
    renderError: (ctx, out) => respond(ctx, errorPage(out.error_description ?? out.error), out),
  };
  const provider = new Provider(settings.issuer, configuration);
  const handleProvider = provider.callback();

  /** The sign-in interaction's own routes; everything else is the provider's. */
  return async (request: IncomingMessage, response: ServerResponse): Promise<void> => {
    const match = /^\/interaction\/([\w-]+)(\/login)?$/.exec(new URL(request.url ?? '/', settings.issuer).pathname);
    if (!match) return handleProvider(request, response);
    try {
      const details = await provider.interactionDetails(request, response);
      if (request.method === 'POST' && match[2]) {
        const form = new URLSearchParams(await readBody(request));
        const login = form.get('login') ?? '';
        if (isDemoOfficer(login) && samePassword(form.get('password') ?? '')) {
          return await provider.interactionFinished(request, response, { login: { accountId: login } }, { mergeWithLastSubmission: false });
        }
        response.writeHead(401, headers).end(loginPage(`/interaction/${details.uid}/login`, 'The Client Gate desk', true));
        return;
      }
      response.writeHead(200, headers).end(loginPage(`/interaction/${details.uid}/login`, 'The Client Gate desk', false));
    } catch (error) {
      if (!(error instanceof errors.SessionNotFound)) throw error;
      response.writeHead(400, headers).end(expiredPage());
    }
  };

  function respond(ctx: KoaContextWithOIDC, html: string, out?: { error: string }): void {
    ctx.set(headers);
    if (out) ctx.status = ctx.status >= 400 ? ctx.status : 400;
    ctx.body = html;
  }
}

function samePassword(given: string): boolean {
  const expected = Buffer.from(DEMO_PASSWORD);
  const typed = Buffer.from(given);
  return typed.length === expected.length && timingSafeEqual(typed, expected);
}

async function readBody(request: IncomingMessage): Promise<string> {
  let body = '';
  for await (const chunk of request) {
    body += chunk;
    if (body.length > 10_000) throw new Error('form too large');
  }
  return body;
}
