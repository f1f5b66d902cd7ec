import { exportJWK, generateKeyPair, importJWK, SignJWT } from 'jose';
import { createServer, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { ProviderAccessTokens } from './provider-tokens';

/**
 * The checks on the provider's access tokens, against a provider that serves only discovery and its JWKS
 * (the e2e suite repeats them against the development provider itself).
 */
describe('ProviderAccessTokens', () => {
  let server: Server;
  let issuer: string;
  let keys: Awaited<ReturnType<typeof generateKeyPair>>;
  let tokens: ProviderAccessTokens;
  const audience = 'urn:client-gate:staff-api';

  beforeAll(async () => {
    keys = await generateKeyPair('RS256', { extractable: true });
    const jwk = { ...(await exportJWK(keys.publicKey)), kid: 'k1', alg: 'RS256', use: 'sig' };
    server = createServer((request, response) => {
      const body =
        request.url === '/.well-known/openid-configuration' ? { issuer, jwks_uri: `${issuer}/jwks` } : request.url === '/jwks' ? { keys: [jwk] } : undefined;
      response.writeHead(body ? 200 : 404, { 'content-type': 'application/json' }).end(JSON.stringify(body ?? {}));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    tokens = new ProviderAccessTokens({ issuer, audience, clientId: 'client-gate-desk', algorithms: ['RS256'], tokenType: 'at+jwt', officerClaim: 'sub', consulateClaim: 'consulate' });
  });

  afterAll(() => new Promise((resolve) => server.close(resolve)));

  type Overrides = { iss?: string; aud?: string; exp?: number; typ?: string; consulate?: string | null; client?: Record<string, string> };
  const token = (overrides: Overrides = {}) => {
    const now = Math.floor(Date.now() / 1000);
    const client = overrides.client ?? { client_id: 'client-gate-desk' };
    const claims = { ...client, ...(overrides.consulate === null ? {} : { consulate: overrides.consulate ?? 'HU-KYIV' }) };
    return new SignJWT(claims)
      .setProtectedHeader({ alg: 'RS256', kid: 'k1', typ: overrides.typ ?? 'at+jwt' })
      .setSubject('kyiv-officer')
      .setIssuer(overrides.iss ?? issuer)
      .setAudience(overrides.aud ?? audience)
      .setIssuedAt(now - 60)
      .setExpirationTime(overrides.exp ?? now + 600)
      .sign(keys.privateKey);
  };

  it('accepts a token of the provider for the staff APIs and names the officer and consulate', async () => {
    expect(await tokens.verify(await token())).toEqual({ officer: 'kyiv-officer', consulate: 'HU-KYIV' });
  });

  it("R25: takes the desk's client from client_id (RFC 9068) or azp (Keycloak)", async () => {
    expect(await tokens.verify(await token({ client: { azp: 'client-gate-desk' } }))).toEqual({ officer: 'kyiv-officer', consulate: 'HU-KYIV' });
  });

  it.each([
    ['another issuer', { iss: 'https://elsewhere.example' }],
    ['another audience', { aud: 'urn:another-api' }],
    ['an expiry in the past', { exp: Math.floor(Date.now() / 1000) - 60 }],
    ['an ID token rather than an access token', { typ: 'JWT' }],
    ['no consulate', { consulate: null }],
    ['another client of the provider (client_id), though for the staff APIs', { client: { client_id: 'another-app' } }],
    ['another client of the provider (azp), though for the staff APIs', { client: { azp: 'another-app' } }],
    ['no client at all', { client: {} }],
  ] as [string, Overrides][])('refuses a token with %s', async (_, overrides) => {
    expect(await tokens.verify(await token(overrides))).toBeNull();
  });

  const signedWith = async (alg: string, key: Parameters<SignJWT['sign']>[0]) =>
    new SignJWT({ consulate: 'HU-KYIV', client_id: 'client-gate-desk' })
      .setProtectedHeader({ alg, kid: 'k1', typ: 'at+jwt' })
      .setSubject('kyiv-officer')
      .setIssuer(issuer)
      .setAudience(audience)
      .setIssuedAt()
      .setExpirationTime('10m')
      .sign(key);

  it('refuses a token signed with an algorithm the provider does not use, even with its own key', async () => {
    const privateJwk = await exportJWK(keys.privateKey);
    expect(await tokens.verify(await signedWith('PS256', await importJWK(privateJwk, 'PS256')))).toBeNull();
  });

  it('refuses HS256 keyed with the public key (algorithm confusion)', async () => {
    const publicJwk = JSON.stringify(await exportJWK(keys.publicKey));
    expect(await tokens.verify(await signedWith('HS256', new TextEncoder().encode(publicJwk)))).toBeNull();
  });

  it('refuses what is not a JWT at all', async () => {
    expect(await tokens.verify('not-a-token')).toBeNull();
  });
});
