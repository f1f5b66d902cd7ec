import { SERVICE_NAMES } from '@client-gate/tools/system/services';
import { PORTAL_AUDIENCE, STAFF_AUDIENCE, TOKEN_ISSUER } from '@client-gate/platform';
import jwt from 'jsonwebtoken';
import { randomUUID } from 'node:crypto';
import { platformNow } from './support/clock';
import { bookAppointment, newPerson, registerBody } from './support/fixtures';
import { call, portalToken, ServiceName, staffToken } from './support/http';
import { KYIV, LVIV, registered } from './support/registry-fixtures';

/**
 * SPEC §3, §8 staff and portal access: signed, short-lived tokens naming officer and consulate, scoping
 * every read; the portal endpoints take only the portal credential; nothing else is open.
 */
const HOUR_MS = 60 * 60 * 1000;
const base64url = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

/** Tokens that look like a KYIV officer's but must be refused. */
function forgedTokens(): Record<string, string> {
  const iat = Math.floor(platformNow().getTime() / 1000);
  const claims = { sub: KYIV.officer, consulate: KYIV.consulate, iss: TOKEN_ISSUER, aud: STAFF_AUDIENCE, iat, nbf: iat, exp: iat + 3600 };
  const [header, , signature] = staffToken(KYIV).split('.');
  return {
    'unsigned (alg: none)': `${base64url({ alg: 'none', typ: 'JWT' })}.${base64url(claims)}.`,
    'signed with another secret': jwt.sign(claims, 'not the platform secret, but 32+ characters long', { algorithm: 'HS256' }),
    'signed with HS512': jwt.sign(claims, 'not the platform secret, but 32+ characters long', { algorithm: 'HS512' }),
    'with another consulate written into a valid token': `${header}.${base64url({ ...claims, consulate: LVIV.consulate })}.${signature}`,
    'for another audience (the portal credential)': portalToken(),
    'expired (minted 9 hours ago)': staffToken(KYIV, new Date(platformNow().getTime() - 9 * HOUR_MS)),
    'minted for the future': staffToken(KYIV, new Date(platformNow().getTime() + HOUR_MS)),
  };
}

describe('SPEC §8 staff API: only valid staff tokens, scoped to their consulate', () => {
  let applicationId: string;
  let gatewayId: string;

  beforeAll(async () => {
    const token = staffToken(KYIV);
    const submitted = await call('intake', 'POST', '/applications', { token, body: registerBody(await bookAppointment(token), newPerson()) });
    applicationId = submitted.body.id;
    gatewayId = await registered(newPerson(), KYIV);
  });

  it('a valid KYIV token reads KYIV\'s application and gateway (the control)', async () => {
    expect((await call('intake', 'GET', `/applications/${applicationId}`, { token: staffToken(KYIV) })).status).toBe(200);
    expect((await call('registry', 'GET', `/gateways/${gatewayId}`, { token: staffToken(KYIV) })).status).toBe(200);
  });

  it.each(Object.entries(forgedTokens()))('a token %s is refused 401 on every staff endpoint', async (_case, token) => {
    const attempts = [
      await call('intake', 'GET', `/applications/${applicationId}`, { token }),
      await call('registry', 'GET', `/gateways/${gatewayId}`, { token }),
      await call('intake', 'POST', '/appointments', {
        token,
        body: { channel: 'phone', contact: '+380 44 000 0000', applicantName: 'Forger', startsAt: platformNow().toISOString() },
      }),
      await call('intake', 'POST', '/applications', { token, body: registerBody(randomUUID(), newPerson()) }),
    ];
    for (const response of attempts) {
      expect(response.status).toBe(401);
      expect(response.body).toEqual({ errors: [{ code: 'STAFF_TOKEN_REQUIRED', message: expect.any(String) }] });
    }
  });

  it('another consulate\'s application and gateway are 404, and its appointments cannot be used', async () => {
    const lviv = staffToken(LVIV);
    const application = await call('intake', 'GET', `/applications/${applicationId}`, { token: lviv });
    expect(application.status).toBe(404);
    const gateway = await call('registry', 'GET', `/gateways/${gatewayId}`, { token: lviv });
    expect(gateway.status).toBe(404);
    // Not found tells nothing: the same answer as for an id that does not exist.
    const missing = await call('registry', 'GET', `/gateways/${randomUUID()}`, { token: lviv });
    expect(gateway.body.errors[0].code).toBe(missing.body.errors[0].code);

    const kyivAppointment = await bookAppointment(staffToken(KYIV));
    const submitted = await call('intake', 'POST', '/applications', { token: lviv, body: registerBody(kyivAppointment, newPerson()) });
    expect(submitted.status).toBe(422);
    expect(submitted.body.errors.map((error: { code: string }) => error.code)).toContain('APPOINTMENT_NOT_FOUND');
  });
});

describe('SPEC §8 portal endpoints take only the portal credential', () => {
  const body = () => ({ person: newPerson().person, email: newPerson().email });

  it.each([
    ['no credential', undefined],
    ['a staff token', () => staffToken(KYIV)],
    ['a portal credential signed with another secret', () =>
      jwt.sign({}, 'not the platform secret, but 32+ characters long', { algorithm: 'HS256', subject: 'online-portal', issuer: TOKEN_ISSUER, audience: PORTAL_AUDIENCE, expiresIn: 3600 })],
  ])('%s is refused 401 on POST and DELETE /temporary-registrations', async (_case, token) => {
    const created = await call('registry', 'POST', '/temporary-registrations', { token: token?.(), body: body() });
    expect(created.status).toBe(401);
    expect(created.body.errors[0].code).toBe('PORTAL_CREDENTIAL_REQUIRED');
    const registration = await call('registry', 'POST', '/temporary-registrations', { token: portalToken(), body: body() });
    expect(registration.status).toBe(201);
    const cancelled = await call('registry', 'DELETE', `/temporary-registrations/${registration.body.id}`, { token: token?.() });
    expect(cancelled.status).toBe(401);
    expect((await call('registry', 'DELETE', `/temporary-registrations/${registration.body.id}`, { token: portalToken() })).status).toBe(204);
  });
});

/** Open without a credential: health, metrics, docs, the ops endpoints (outside production only) and the clients' own endpoints. */
const OPEN = [/^\/health\//, /^\/metrics$/, /^\/docs/, /^\/ops\//];
const OPEN_CLIENT_ENDPOINTS = new Set([
  'POST /activation',
  'POST /login',
  'POST /login/second-factor',
  'POST /login/second-factor/options',
  'POST /forgotten-password',
  'POST /password-reset',
  // R26: the token from the new-sign-in email is its credential.
  'POST /not-me',
  'GET /activate',
  'POST /activate',
  'GET /login',
  'GET /forgotten-password',
  'GET /reset-password',
  'POST /reset-password',
]);

describe('SPEC §8 every other route of every service answers 401 without a credential', () => {
  it.each<ServiceName>(SERVICE_NAMES)('%s: each route in its OpenAPI document', async (service) => {
    const document = await call(service, 'GET', '/docs-json');
    expect(document.status).toBe(200);
    const routes = Object.entries(document.body.paths as Record<string, Record<string, unknown>>).flatMap(([path, operations]) =>
      Object.keys(operations).map((method) => ({ method: method.toUpperCase(), path })),
    );
    const guarded = routes.filter(
      ({ method, path }) => !OPEN.some((open) => open.test(path)) && !(service === 'activation' && OPEN_CLIENT_ENDPOINTS.has(`${method} ${path}`)),
    );
    const answers: Record<string, number> = {};
    for (const { method, path } of guarded) {
      const response = await call(service, method, path.replace(/\{[^}]+\}/g, randomUUID()), { body: method === 'GET' || method === 'DELETE' ? undefined : {} });
      answers[`${method} ${path}`] = response.status;
    }
    expect(answers).toEqual(Object.fromEntries(Object.keys(answers).map((route) => [route, 401])));
    const expected: Record<ServiceName, string[]> = {
      intake: ['POST /appointments', 'GET /appointments', 'GET /appointments/{id}', 'POST /applications', 'GET /applications/{id}'],
      registry: ['GET /gateways', 'GET /gateways/{id}', 'POST /temporary-registrations', 'DELETE /temporary-registrations/{id}'],
      activation: [],
      notifications: [],
    };
    expect(Object.keys(answers)).toEqual(expect.arrayContaining(expected[service]));
  });
});
