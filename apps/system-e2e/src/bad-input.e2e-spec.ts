import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { bookAppointment, newPerson, registerBody } from './support/fixtures';
import { call, portalToken, ServiceName, staffToken } from './support/http';
import { e2eEnvironment } from './support/environment';
import { FormSession, textOf } from './support/pages-forms';

const REPO_ROOT = join(__dirname, '..', '..', '..');

describe('bad input gets a clear 4xx, never a 5xx', () => {
  const token = staffToken();

  it.each([
    ['intake', '/appointments'],
    ['intake', '/applications'],
    ['activation', '/activation'],
    ['activation', '/login'],
  ] as const)('%s %s: malformed JSON is 400 MALFORMED_JSON', async (service, path) => {
    const response = await call(service, 'POST', path, { token, body: '{"kind": "register",' });
    expect(response.status).toBe(400);
    expect(response.body).toEqual({ errors: [{ code: 'MALFORMED_JSON', message: expect.any(String) }] });
  });

  it('a body of the wrong shape is 400 VALIDATION_FAILED naming each field', async () => {
    const response = await call('intake', 'POST', '/applications', { token, body: { kind: 'renew', person: {} } });
    expect(response.status).toBe(400);
    const fields = response.body.errors.map((error: { field: string }) => error.field);
    expect(fields).toEqual(expect.arrayContaining(['appointmentId', 'kind', 'person.familyName', 'document']));
    expect(response.body.errors.every((error: { code: string }) => error.code === 'VALIDATION_FAILED')).toBe(true);
  });

  it('staff endpoints refuse a missing or forged token (401)', async () => {
    const missing = await call('intake', 'POST', '/appointments', { body: {} });
    expect(missing.status).toBe(401);
    expect(missing.body.errors[0].code).toBe('STAFF_TOKEN_REQUIRED');
    const forged = await call('registry', 'GET', '/gateways/00000000-0000-4000-8000-000000000000', { token: `${token}x` });
    expect(forged.status).toBe(401);
  });

  it('an unknown application or gateway is 404, also for a malformed id', async () => {
    for (const path of ['/applications/00000000-0000-4000-8000-000000000000', '/applications/not-a-uuid']) {
      const response = await call('intake', 'GET', path, { token });
      expect(response.status).toBe(404);
      expect(response.body.errors[0].code).toBe('APPLICATION_NOT_FOUND');
    }
  });

  it('an application without a booked appointment is 422 APPOINTMENT_NOT_FOUND (R4), and nothing is stored', async () => {
    const body = registerBody('00000000-0000-4000-8000-000000000000');
    const response = await call('intake', 'POST', '/applications', { token, body });
    expect(response.status).toBe(422);
    expect(response.body.errors.map((error: { code: string }) => error.code)).toEqual(['APPOINTMENT_NOT_FOUND']);
  });

  it('another consulate\'s appointment is not found (R4)', async () => {
    const appointmentId = await bookAppointment(staffToken({ officer: 'officer-9', consulate: 'HU-LVIV' }));
    const response = await call('intake', 'POST', '/applications', { token, body: registerBody(appointmentId, newPerson()) });
    expect(response.status).toBe(422);
    expect(response.body.errors[0].code).toBe('APPOINTMENT_NOT_FOUND');
  });

  it('an unknown code is 422 INVALID_CODE', async () => {
    const response = await call('activation', 'POST', '/activation', {
      body: { code: 'ABCD-EFGH-JKMN-PQRS', username: 'someone', password: 'a long enough passphrase' },
    });
    expect(response.status).toBe(422);
    expect(response.body.errors).toEqual([expect.objectContaining({ code: 'INVALID_CODE' })]);
  });

  it.each([
    ['the desk', () => `${e2eEnvironment().deskUrl}/`, 'desk_lang=%; desk_session=%zz'],
    ['activation\'s pages', () => `${e2eEnvironment().urls.activation}/login?lang=en`, 'session=%; csrf=%E0%A4%A'],
  ])('%s: a cookie that is not valid percent-encoding counts as none, never a 5xx', async (_, url, cookies) => {
    const response = await fetch(url(), { headers: { cookie: cookies }, redirect: 'manual' });
    expect(response.status).toBeLessThan(500);
    expect([200, 302, 303]).toContain(response.status);
  });

  describe('text that cannot be stored (U+0000, an unpaired surrogate) is 400 naming the field', () => {
    const person = () => newPerson().person;
    const cases: [ServiceName, string, (bad: string) => object, string, (() => string)?][] = [
      ['intake', '/appointments', (bad) => ({ channel: 'phone', contact: '+36 1 234 5678', applicantName: `A${bad}`, startsAt: new Date().toISOString() }), 'applicantName', () => token],
      ['intake', '/appointments', (bad) => ({ channel: 'email', contact: `a${bad}@example.org`, applicantName: 'A', startsAt: new Date().toISOString() }), 'contact', () => token],
      ['intake', '/applications', (bad) => registerBody('00000000-0000-4000-8000-000000000000', { ...newPerson(), person: { ...person(), givenNames: `Olena${bad}` } }), 'person.givenNames', () => token],
      ['intake', '/applications', (bad) => ({ ...registerBody('00000000-0000-4000-8000-000000000000'), document: { type: 'passport', number: `BA${bad}1`, issuingCountry: 'HU', issuedOn: '2022-05-01', expiresOn: '2032-05-01' } }), 'document.number', () => token],
      ['registry', '/temporary-registrations', (bad) => ({ person: { ...person(), familyName: `Kovács${bad}` }, email: 'x@example.org' }), 'person.familyName', () => portalToken()],
      ['registry', '/temporary-registrations', (bad) => ({ person: { ...person(), mothersBirthName: `Szabó${bad}` }, email: 'x@example.org' }), 'person.mothersBirthName', () => portalToken()],
      ['activation', '/login', (bad) => ({ username: `someone${bad}`, password: 'long enough passphrase' }), 'username'],
      ['activation', '/login', (bad) => ({ username: 'someone', password: `long enough${bad}` }), 'password'],
      ['activation', '/activation', (bad) => ({ code: 'ABCD-EFGH-JKMN-PQRS', username: `someone${bad}`, password: 'long enough passphrase' }), 'username'],
      ['activation', '/password-reset', (bad) => ({ code: `ABCD${bad}`, password: 'long enough passphrase' }), 'code'],
      ['activation', '/forgotten-password', (bad) => ({ email: `x${bad}@example.org` }), 'email'],
    ];

    it.each(cases.flatMap(([service, path, body, field, auth]) => [
      [`${service} ${path} ${field} with U+0000`, service, path, body('\u0000'), field, auth] as const,
      [`${service} ${path} ${field} with a lone surrogate`, service, path, body('\ud800'), field, auth] as const,
    ]))('%s', async (_, service, path, body, field, auth) => {
      const response = await call(service, 'POST', path, { token: auth?.(), body });
      expect(response.status).toBe(400);
      expect(response.body.errors).toEqual([{ code: 'VALIDATION_FAILED', field, message: expect.any(String) }]);
    });

    it.each([
      ['/login', { username: 'some\u0000one', password: 'long enough passphrase' }, 'username'],
      ['/forgotten-password', { email: 'x\u0000@example.org' }, 'email'],
      ['/activate', { code: 'ABCD-EFGH-JKMN-PQRS', username: 'someone', password: 'long enough\u0000', passwordValidityDays: '' }, 'password'],
    ])('the page at %s shows the error at its field (400)', async (path, fields, field) => {
      const session = new FormSession();
      await session.open(`${path}?lang=en`);
      const page = await session.submit(`${path}?lang=en`, fields);
      expect(page.status).toBe(400);
      expect(textOf(page.html, `${field}-error`)).toBe('Error: This field holds a character that cannot be used. Type it again.');
    });
  });

  it('a service started without its settings stops at once, naming the variable', () => {
    const result = spawnSync(
      process.execPath,
      ['-r', 'ts-node/register', '-r', 'tsconfig-paths/register', 'apps/notifications/src/main.ts'],
      { cwd: REPO_ROOT, env: { PATH: process.env['PATH'], KAFKA_BROKERS: '127.0.0.1:1' }, encoding: 'utf8', timeout: 30_000 },
    );
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('DATABASE_URL is required');
    expect(result.stderr).toContain('SMTP_URL is required');
  });

  it('a service in production refuses development and published secrets at start, naming each variable', () => {
    const result = spawnSync(
      process.execPath,
      ['-r', 'ts-node/register', '-r', 'tsconfig-paths/register', 'apps/activation/src/main.ts'],
      {
        cwd: REPO_ROOT,
        env: {
          PATH: process.env['PATH'],
          NODE_ENV: 'production',
          KAFKA_BROKERS: '127.0.0.1:1',
          DATABASE_URL: 'postgres://nobody@127.0.0.1:1/nothing',
          // What npm start and the tests generate, and what docker-compose once published.
          ...e2eEnvironment().secrets,
          PAGE_CSRF_KEY: 'ZGV2ZWxvcG1lbnQtb25seS1wYWdlLWNzcmYta2V5LTMyYg==',
        },
        encoding: 'utf8',
        timeout: 30_000,
      },
    );
    expect(result.status).toBe(1);
    for (const name of ['STAFF_TOKEN_SECRET', 'CODE_HASH_KEY', 'CODE_SEALING_KEYS', 'PAGE_CSRF_KEY']) {
      expect(result.stderr).toContain(`${name} is invalid: a development or published value is refused in production`);
    }
    // R27: passkeys are bound to the pages' public origin, which production must name.
    expect(result.stderr).toContain('WEBAUTHN_ORIGIN is required');
  });
});
