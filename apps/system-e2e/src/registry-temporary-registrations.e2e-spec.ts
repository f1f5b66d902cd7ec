import { advanceClock, platformNow, resetClock, runJobs } from './support/clock';
import { query } from './support/database';
import { newPerson } from './support/fixtures';
import { call, portalToken, staffToken } from './support/http';
import { applyFor, reasonCodes, registered, Who } from './support/registry-fixtures';

const DAY_MS = 24 * 60 * 60 * 1000;

interface TemporaryRegistrationRow {
  id: string;
  status: string;
  identity_key: string | null;
  person: unknown;
  email: string | null;
  created_at: Date;
  expires_at: Date;
  ended_at: Date | null;
}

function registerTemporarily(who: Who, token = portalToken()) {
  return call('registry', 'POST', '/temporary-registrations', { token, body: { person: who.person, email: who.email } });
}

function cancel(id: string, token = portalToken()) {
  return call('registry', 'DELETE', `/temporary-registrations/${id}`, { token });
}

async function row(id: string): Promise<TemporaryRegistrationRow> {
  const [found] = await query<TemporaryRegistrationRow>('registry', 'SELECT * FROM temporary_registration WHERE id = $1', [id]);
  return found;
}

describe('registry: temporary online registrations (R8)', () => {
  afterAll(() => resetClock());

  describe('the online portal\'s endpoints', () => {
    it('R8: POST makes one that lapses 30 days later (201 {id, expiresAt})', async () => {
      const who = newPerson();
      const before = platformNow().getTime();
      const response = await registerTemporarily(who);
      expect(response.status).toBe(201);
      expect(response.body).toEqual({ id: expect.any(String), expiresAt: expect.any(String) });
      const lifetime = Date.parse(response.body.expiresAt) - before;
      expect(lifetime).toBeGreaterThanOrEqual(30 * DAY_MS - 1_000);
      expect(lifetime).toBeLessThan(30 * DAY_MS + 10_000);
      expect(await row(response.body.id)).toMatchObject({ status: 'active', email: who.email, person: who.person });
    });

    it.each([
      ['no token', undefined],
      ['a staff token', staffToken()],
      ['a forged portal token', `${portalToken()}x`],
    ])('R8: POST and DELETE refuse %s (401)', async (_label, token) => {
      const created = await call('registry', 'POST', '/temporary-registrations', { token, body: newPerson() });
      expect(created.status).toBe(401);
      expect(created.body.errors[0].code).toBe('PORTAL_CREDENTIAL_REQUIRED');
      const cancelled = await call('registry', 'DELETE', '/temporary-registrations/00000000-0000-4000-8000-000000000000', { token });
      expect(cancelled.status).toBe(401);
    });

    it.each<[string, Record<string, unknown>, string]>([
      ['no person', { email: 'someone@example.org' }, 'person'],
      ['an incomplete person', { person: { familyName: 'Kovács' }, email: 'someone@example.org' }, 'person.givenNames'],
      ['a date of birth not in YYYY-MM-DD', { ...newPerson(), person: { ...newPerson().person, dateOfBirth: '12/04/1990' } }, 'person.dateOfBirth'],
      ['a date of birth that does not exist', { ...newPerson(), person: { ...newPerson().person, dateOfBirth: '1990-02-30' } }, 'person.dateOfBirth'],
      ['no email', { person: newPerson().person }, 'email'],
      ['an invalid email', { person: newPerson().person, email: 'not-an-address' }, 'email'],
    ])('R8: a body with %s is 400 VALIDATION_FAILED', async (_label, body, field) => {
      const response = await call('registry', 'POST', '/temporary-registrations', { token: portalToken(), body });
      expect(response.status).toBe(400);
      expect(response.body.errors).toContainEqual(expect.objectContaining({ code: 'VALIDATION_FAILED', field }));
    });

    it('R8 + R2: a second one for the same person, however spelt, is 409 TEMPORARY_REGISTRATION_EXISTS', async () => {
      const who = newPerson();
      expect((await registerTemporarily(who)).status).toBe(201);
      const respelt = { ...who, person: { ...who.person, familyName: who.person.familyName.toUpperCase().normalize('NFD') } };
      const second = await registerTemporarily(respelt);
      expect(second.status).toBe(409);
      expect(second.body.errors).toEqual([expect.objectContaining({ code: 'TEMPORARY_REGISTRATION_EXISTS' })]);
    });

    it('R1 + R8: a person who has a gateway gets 409 GATEWAY_ALREADY_EXISTS', async () => {
      const who = newPerson();
      await registered(who);
      const response = await registerTemporarily(who);
      expect(response.status).toBe(409);
      expect(response.body.errors).toEqual([expect.objectContaining({ code: 'GATEWAY_ALREADY_EXISTS' })]);
    });

    it('R8: DELETE of an unknown or malformed id is 404 TEMPORARY_REGISTRATION_NOT_FOUND', async () => {
      for (const id of ['00000000-0000-4000-8000-000000000000', 'not-a-uuid']) {
        const response = await cancel(id);
        expect(response.status).toBe(404);
        expect(response.body.errors[0].code).toBe('TEMPORARY_REGISTRATION_NOT_FOUND');
      }
    });
  });

  describe('R8: while one is pending, registration waits; after cancellation it succeeds', () => {
    const who = newPerson();
    let registration: { id: string; expiresAt: string };

    it('R8: a register application is rejected TEMPORARY_REGISTRATION_PENDING, stating both remedies and the lapse date', async () => {
      registration = (await registerTemporarily(who)).body;
      const application = await applyFor('register', who);
      expect(application.status).toBe('rejected');
      expect(reasonCodes(application)).toEqual(['TEMPORARY_REGISTRATION_PENDING']);
      const [{ message }] = application.reasons;
      expect(message).toMatch(/cancel it online/i);
      expect(message).toMatch(/wait until it lapses/i);
      expect(message).toContain(registration.expiresAt.slice(0, 10));
    });

    it('R8: DELETE cancels it (204) and erases its personal data; only a tombstone remains', async () => {
      const response = await cancel(registration.id);
      expect(response.status).toBe(204);
      expect(await row(registration.id)).toMatchObject({
        status: 'cancelled',
        identity_key: null,
        person: null,
        email: null,
        ended_at: expect.any(Date),
      });
    });

    it('R8: a cancelled one cannot be cancelled again (404)', async () => {
      const response = await cancel(registration.id);
      expect(response.status).toBe(404);
      expect(response.body.errors[0].code).toBe('TEMPORARY_REGISTRATION_NOT_FOUND');
    });

    it('R8: after cancellation, registration succeeds', async () => {
      const application = await applyFor('register', who);
      expect(application).toMatchObject({ status: 'completed', gatewayId: expect.any(String) });
    });
  });

  describe('R8: it lapses 30 days after it was made (the clock moves)', () => {
    const who = newPerson();
    let registration: { id: string; expiresAt: string };

    it('R8: 29 days on it still blocks registration, and the job leaves it alone', async () => {
      registration = (await registerTemporarily(who)).body;
      await advanceClock('29d');
      await runJobs();
      expect((await row(registration.id)).status).toBe('active');
      const application = await applyFor('register', who);
      expect(reasonCodes(application)).toEqual(['TEMPORARY_REGISTRATION_PENDING']);
      expect(application.reasons[0].message).toContain(registration.expiresAt.slice(0, 10));
    });

    it('R8: 30 days on, the lapse job marks it lapsed and erases its personal data', async () => {
      await advanceClock('1d');
      const results = await runJobs();
      expect(results['registry']).toMatchObject({ 'lapse-temporary-registrations': { lapsed: expect.any(Number) } });
      const lapsed = await row(registration.id);
      expect(lapsed).toMatchObject({ status: 'lapsed', identity_key: null, person: null, email: null });
      expect(lapsed.ended_at?.toISOString()).toBe(new Date(registration.expiresAt).toISOString());
    });

    it('R8: a lapsed one cannot be cancelled (404)', async () => {
      expect((await cancel(registration.id)).status).toBe(404);
    });

    it('R8: after the lapse, registration succeeds', async () => {
      const application = await applyFor('register', who);
      expect(application).toMatchObject({ status: 'completed', gatewayId: expect.any(String) });
    });

    it('R8: once lapsed, the person may make a new temporary registration (when they have no gateway)', async () => {
      const someoneElse = newPerson();
      const first = (await registerTemporarily(someoneElse)).body;
      await advanceClock('31d');
      // Whether the scheduled job got to it first or not, the old one ends lapsed and erased.
      const second = await registerTemporarily(someoneElse);
      expect(second.status).toBe(201);
      expect(await row(first.id)).toMatchObject({ status: 'lapsed', person: null, email: null, identity_key: null });
    });
  });
});
