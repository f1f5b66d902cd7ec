import { enrolTotp } from './support/activation-fixtures';
import { query } from './support/database';
import { e2eEnvironment } from './support/environment';
import { bookAppointment, decided, newPerson, registerBody } from './support/fixtures';
import { call, staffToken } from './support/http';
import { CODE_PATTERN, codeIn, emailTo, header } from './support/mail';
import { waitFor } from './support/wait-for';

const DAY_MS = 24 * 60 * 60 * 1000;

describe('one registration end to end (R4, R9, R10, R14)', () => {
  const token = staffToken();
  const who = newPerson();
  let applicationId: string;
  let gatewayId: string;
  let code: string;
  const username = `olena_${Date.now().toString(36)}`;
  const password = 'correct horse battery staple 42';

  it('books an appointment at the officer\'s consulate', async () => {
    const startsAt = new Date().toISOString();
    const response = await call('intake', 'POST', '/appointments', {
      token,
      body: { channel: 'phone', contact: '+380 44 123 4567', applicantName: 'Olena Kovács', startsAt },
    });
    expect(response.status).toBe(201);
    expect(response.body).toEqual({
      id: expect.any(String),
      consulate: 'HU-KYIV',
      channel: 'phone',
      contact: '+380 44 123 4567',
      applicantName: 'Olena Kovács',
      startsAt,
      status: 'booked',
    });
  });

  it('accepts a register application (202) and registry completes it with a gateway', async () => {
    const appointmentId = await bookAppointment(token);
    const response = await call('intake', 'POST', '/applications', { token, body: registerBody(appointmentId, who) });
    expect(response.status).toBe(202);
    expect(response.body).toEqual({ id: expect.any(String), status: 'submitted' });
    applicationId = response.body.id;

    const application = await decided(applicationId, token);
    expect(application).toMatchObject({ id: applicationId, kind: 'register', status: 'completed', gatewayId: expect.any(String) });
    expect(Date.parse(application.decidedAt)).toBeGreaterThanOrEqual(Date.parse(application.submittedAt));
    gatewayId = application.gatewayId;

    const gateway = await call('registry', 'GET', `/gateways/${gatewayId}`, { token });
    expect(gateway.status).toBe(200);
    expect(gateway.body).toMatchObject({ id: gatewayId, status: 'pending_activation' });
    expect(gateway.body.username).toBeUndefined();
  });

  it('emails a one-time activation code valid 5 days (R9, SPEC §4)', async () => {
    const email = await emailTo(who.email, 'activation-code');
    expect(header(email, 'X-Notification-Type')).toBe('activation-code');
    expect(email.subject).toBe('Your Client Gate activation code');
    code = codeIn(email);
    expect(email.html).toContain(code);
    const activationPort = new URL(e2eEnvironment().urls.activation).port;
    expect(email.text).toContain(`http://localhost:${activationPort}/activate?lang=en`);

    const [stored] = await query<{ code_hash: string; expires_at: Date; created_at: Date }>(
      'activation',
      'SELECT code_hash, expires_at, created_at FROM one_time_code WHERE gateway_id = $1',
      [gatewayId],
    );
    expect(stored.code_hash).not.toContain(code.replace(/-/g, ''));
    expect(stored.expires_at.getTime() - stored.created_at.getTime()).toBe(5 * DAY_MS);
  });

  it('activates with the code, a username and a password; the gateway becomes active (R10)', async () => {
    const response = await call('activation', 'POST', '/activation', { body: { code, username, password } });
    expect(response.status).toBe(200);
    expect(response.body).toEqual({ gatewayId, username, passwordExpiresAt: expect.any(String) });
    const validityDays = (Date.parse(response.body.passwordExpiresAt) - Date.now()) / DAY_MS;
    expect(validityDays).toBeGreaterThan(729.9);
    expect(validityDays).toBeLessThanOrEqual(730);

    const gateway = await waitFor('the gateway to become active', async () => {
      const { body } = await call('registry', 'GET', `/gateways/${gatewayId}`, { token });
      return body.status === 'active' ? body : undefined;
    });
    expect(gateway).toMatchObject({ username, activatedAt: expect.any(String) });
  });

  it('the code is single use', async () => {
    const again = await call('activation', 'POST', '/activation', { body: { code, username: `${username}x`, password } });
    expect(again.status).toBe(422);
    expect(again.body.errors[0].code).toBe('INVALID_CODE');
  });

  it('logs in with the username in any case and the password (R14), and is asked to enrol a second factor first (R22)', async () => {
    const response = await call('activation', 'POST', '/login', { body: { username: username.toUpperCase(), password } });
    expect(response.status).toBe(200);
    expect(response.body).toEqual({ status: 'enrolment_required', enrolmentToken: expect.any(String) });
    const { confirmed } = await enrolTotp(response.body.enrolmentToken);
    const account = await call('activation', 'GET', '/account', { token: confirmed.body.sessionToken });
    expect(account.body).toMatchObject({ gatewayId, username, secondFactor: 'totp' });

    const wrong = await call('activation', 'POST', '/login', { body: { username, password: `${password}!` } });
    expect(wrong.status).toBe(401);
    expect(wrong.body.errors[0].code).toBe('INVALID_CREDENTIALS');
  });

  it('stores no password or code in clear (SPEC §8)', async () => {
    const [account] = await query<{ password_hash: string }>('activation', 'SELECT password_hash FROM account WHERE gateway_id = $1', [gatewayId]);
    const [, algorithm, , params] = account.password_hash.split('$');
    expect(algorithm).toBe('argon2id');
    expect(Object.fromEntries(params.split(',').map((pair) => pair.split('=')))).toEqual({ m: '19456', t: '2', p: '1' });
    const [delivery] = await query<{ template_data: unknown }>('notifications', 'SELECT template_data FROM delivery WHERE gateway_id = $1', [gatewayId]);
    expect(JSON.stringify(delivery.template_data)).not.toMatch(CODE_PATTERN);
  });
});
