import { randomUUID } from 'node:crypto';
import { importJWK, JWK, SignJWT } from 'jose';
import { e2eEnvironment } from './support/environment';
import { bookAppointment } from './support/fixtures';
import { call, staffToken } from './support/http';

/**
 * R25, SPEC §3 "desk": the staff APIs take the officers' provider's access tokens. These are signed here with
 * the development provider's own key (the suite made it), so that each check is the only thing wrong.
 */
describe('R25: the staff APIs accept the provider\'s access tokens and refuse forged or misdirected ones', () => {
  let privateJwk: JWK;
  let issuer: string;
  let audience: string;

  beforeAll(() => {
    const environment = e2eEnvironment();
    privateJwk = JSON.parse(environment.secrets.OIDC_DEV_SIGNING_KEY) as JWK;
    ({ issuer, audience } = environment.identityProvider);
  });

  async function providerToken(
    claims: { sub?: string; consulate?: string; iss?: string; aud?: string; exp?: number; typ?: string; client_id?: string } = {},
    alg = 'RS256',
  ): Promise<string> {
    const now = Math.floor(Date.now() / 1000);
    // HS256 is keyed with the provider's public key, as published in its JWKS.
    const publicJwk = JSON.stringify({ kty: privateJwk.kty, n: privateJwk.n, e: privateJwk.e });
    const key = alg === 'HS256' ? new TextEncoder().encode(publicJwk) : await importJWK(privateJwk, alg);
    return new SignJWT({ consulate: claims.consulate ?? 'HU-KYIV', client_id: claims.client_id ?? 'client-gate-desk' })
      .setProtectedHeader({ alg, kid: privateJwk.kid, typ: claims.typ ?? 'at+jwt' })
      .setSubject(claims.sub ?? 'kyiv-officer')
      .setIssuer(claims.iss ?? issuer)
      .setAudience(claims.aud ?? audience)
      .setIssuedAt(now - 5)
      .setExpirationTime(claims.exp ?? now + 300)
      .setJti(randomUUID())
      .sign(key);
  }

  it('R25: a token of the provider for the staff APIs books an appointment at the consulate it names', async () => {
    const response = await call('intake', 'POST', '/appointments', {
      token: await providerToken(),
      body: { channel: 'phone', contact: '+380441234567', applicantName: 'Token Test', startsAt: new Date().toISOString() },
    });
    expect(response.status).toBe(201);
    expect(response.body.consulate).toBe('HU-KYIV');
  });

  it.each([
    ['another issuer', { iss: 'http://localhost:1/another-provider' }, 'RS256'],
    ['another audience', { aud: 'urn:another-api' }, 'RS256'],
    ['another client of the provider than the desk (client_id)', { client_id: 'another-app' }, 'RS256'],
    ['an expiry in the past', { exp: Math.floor(Date.now() / 1000) - 120 }, 'RS256'],
    ['an ID token\'s type rather than an access token\'s', { typ: 'JWT' }, 'RS256'],
    ['an algorithm the provider does not use (PS256, with its own key)', {}, 'PS256'],
    ['HS256 keyed with the provider\'s public key (algorithm confusion)', {}, 'HS256'],
  ])('R25: a token with %s is refused by intake and registry with 401', async (_, claims, alg) => {
    const token = await providerToken(claims, alg);
    const intake = await call('intake', 'GET', `/applications/${randomUUID()}`, { token });
    const registry = await call('registry', 'GET', `/gateways/${randomUUID()}`, { token });
    expect([intake.status, registry.status]).toEqual([401, 401]);
    expect(intake.body.errors[0].code).toBe('STAFF_TOKEN_REQUIRED');
    expect(intake.headers.get('www-authenticate')).toContain('Bearer');
  });

  it('R25: a provider token for another consulate neither lists nor opens Kyiv\'s appointments', async () => {
    const kyivAppointment = await bookAppointment(staffToken());
    const warsaw = await providerToken({ sub: 'warsaw-officer', consulate: 'HU-WARSAW' });
    expect((await call('intake', 'GET', `/appointments/${kyivAppointment}`, { token: warsaw })).status).toBe(404);
    const from = new Date(Date.now() - 24 * 3600 * 1000).toISOString();
    const to = new Date(Date.now() + 24 * 3600 * 1000).toISOString();
    const listed = await call('intake', 'GET', `/appointments?from=${from}&to=${to}`, { token: warsaw });
    expect(listed.status).toBe(200);
    expect(listed.body.appointments.map((appointment: { id: string }) => appointment.id)).not.toContain(kyivAppointment);
    const kyiv = await call('intake', 'GET', `/appointments?from=${from}&to=${to}`, { token: await providerToken() });
    expect(kyiv.body.appointments.map((appointment: { id: string }) => appointment.id)).toContain(kyivAppointment);
  });

  it('SPEC §3: the day list takes a range of at most 7 days, `to` after `from`, or answers 400 naming the field', async () => {
    const token = await providerToken();
    const backwards = await call('intake', 'GET', `/appointments?from=2026-12-02T00:00:00Z&to=2026-12-01T00:00:00Z`, { token });
    expect(backwards.status).toBe(400);
    expect(backwards.body.errors[0]).toMatchObject({ code: 'RANGE_INVALID', field: 'to' });
    const malformed = await call('intake', 'GET', `/appointments?from=yesterday&to=2026-12-01T00:00:00Z`, { token });
    expect(malformed.status).toBe(400);
    expect(malformed.body.errors[0]).toMatchObject({ code: 'VALIDATION_FAILED', field: 'from' });
  });
});
