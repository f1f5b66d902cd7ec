import { Topic } from '@client-gate/contracts';
import { SERVICE_NAMES } from '@client-gate/tools/system/services';
import {
  activationTablesHolding, currentStep, enrolTotp, login, loginWithTotp, nextTotp, registerActive, registerSignedIn, SignedInClient, totpCodeAt,
} from './support/activation-fixtures';
import { advanceClock, resetClock, runJobs } from './support/clock';
import { query } from './support/database';
import { call, staffToken } from './support/http';
import { emailsTo, emailTo, header } from './support/mail';
import { readTopics, whereFound } from './support/security-fixtures';

const REMOVAL_CODE = /^[0-9A-HJKMNP-TV-Z]{4}(-[0-9A-HJKMNP-TV-Z]{4}){3}$/;
const INVALID_CODE = { errors: [{ code: 'INVALID_CODE', message: expect.any(String) }] };

const secondFactor = (challenge: string, body: { code: string } | { removalCode: string }) =>
  call('activation', 'POST', '/login/second-factor', { body: { challenge, ...body } });

/** The 6-digit code in the `count`-th login-code email to the address. */
async function emailedCode(address: string, count: number): Promise<string> {
  const emails = await emailsTo(address, 'login-code', count);
  const match = /\b(\d{6})\b/.exec(emails[count - 1].text ?? '');
  if (!match) throw new Error('no 6-digit code in the login-code email');
  return match[1];
}

describe('R22 second factor: enrolment', () => {
  afterAll(() => resetClock());

  it('R22: with SECOND_FACTOR=required a right password gives only an enrolment token, good for enrolling and nothing else', async () => {
    const client = await registerActive();
    const answer = await login(client.username, client.password);
    expect(answer.status).toBe(200);
    expect(answer.body).toEqual({ status: 'enrolment_required', enrolmentToken: expect.any(String) });
    const enrolmentToken = answer.body.enrolmentToken;
    expect((await call('activation', 'GET', '/account', { token: enrolmentToken })).status).toBe(401);
    expect((await call('activation', 'POST', '/account/password', { token: enrolmentToken, body: { currentPassword: client.password, newPassword: 'x' } })).status).toBe(401);

    const started = await call('activation', 'POST', '/account/second-factor/totp', { token: enrolmentToken });
    expect(started.status).toBe(201);
    expect(started.body.secret).toMatch(/^[A-Z2-7]{32}$/);
    const uri = new URL(started.body.otpauthUri);
    expect(uri.protocol).toBe('otpauth:');
    expect(uri.searchParams.get('secret')).toBe(started.body.secret);

    // Not enrolled until a valid code confirms it: a wrong code, or one two steps away, changes nothing.
    for (const code of ['000000', totpCodeAt(started.body.secret, currentStep() - 3)]) {
      const wrong = await call('activation', 'POST', '/account/second-factor/totp/confirm', { token: enrolmentToken, body: { code } });
      expect(wrong.status).toBe(422);
      expect(wrong.body.errors[0]).toMatchObject({ code: 'INVALID_CODE', field: 'code' });
    }
    expect(await query('activation', 'SELECT 1 FROM second_factor WHERE gateway_id = $1', [client.gatewayId])).toHaveLength(0);

    const { code } = nextTotp(started.body.secret, currentStep() - 2);
    const confirmed = await call('activation', 'POST', '/account/second-factor/totp/confirm', { token: enrolmentToken, body: { code } });
    expect(confirmed.status).toBe(200);
    expect(confirmed.body).toEqual({ removalCode: expect.stringMatching(REMOVAL_CODE), sessionToken: expect.any(String) });
    // The enrolment token has served; the session works.
    expect((await call('activation', 'POST', '/account/second-factor/totp', { token: enrolmentToken })).status).toBe(401);
    const account = await call('activation', 'GET', '/account', { token: confirmed.body.sessionToken });
    expect(account.status).toBe(200);
    expect(account.body.secondFactor).toBe('totp');

    const email = await emailTo(client.who.email, 'second-factor-enrolled');
    expect(header(email, 'X-Notification-Type')).toBe('second-factor-enrolled');
    expect(email.text).toContain('authenticator app');
  });

  it('R22: a factor cannot be enrolled over another: replacing one means removing it first (R23)', async () => {
    const client = await registerSignedIn();
    const again = await call('activation', 'POST', '/account/second-factor/totp', { token: client.sessionToken });
    expect(again.status).toBe(409);
    expect(again.body.errors[0].code).toBe('SECOND_FACTOR_ENROLLED');
  });

  it('R22: the email factor: a 6-digit code valid 10 minutes confirms the enrolment, then each login sends a code bound to its challenge', async () => {
    const client = await registerActive();
    const { enrolmentToken } = (await login(client.username, client.password)).body;
    expect((await call('activation', 'POST', '/account/second-factor/email', { token: enrolmentToken })).status).toBe(202);
    const first = await emailedCode(client.who.email, 1);

    await advanceClock('10m1s');
    // (the enrolment token lives 15 minutes)
    const late = await call('activation', 'POST', '/account/second-factor/email/confirm', { token: enrolmentToken, body: { code: first } });
    expect(late.status).toBe(422);
    expect((await call('activation', 'POST', '/account/second-factor/email', { token: enrolmentToken })).status).toBe(202);
    const second = await emailedCode(client.who.email, 2);
    expect((await call('activation', 'POST', '/account/second-factor/email/confirm', { token: enrolmentToken, body: { code: first } })).status).toBe(422);
    const confirmed = await call('activation', 'POST', '/account/second-factor/email/confirm', { token: enrolmentToken, body: { code: second } });
    expect(confirmed.status).toBe(200);
    expect(confirmed.body).toEqual({ removalCode: expect.stringMatching(REMOVAL_CODE), sessionToken: expect.any(String) });

    const a = await login(client.username, client.password);
    expect(a.body).toEqual({ status: 'second_factor_required', method: 'email', challenge: expect.any(String) });
    const codeA = await emailedCode(client.who.email, 3);
    const b = await login(client.username, client.password);
    const codeB = await emailedCode(client.who.email, 4);
    // A code is good only for the challenge it was sent for.
    expect(await secondFactor(b.body.challenge, { code: codeA })).toMatchObject({ status: 401, body: INVALID_CODE });
    const signedIn = await secondFactor(b.body.challenge, { code: codeB });
    expect(signedIn.status).toBe(200);
    expect(signedIn.body).toEqual({ status: 'signed_in', gatewayId: client.gatewayId, passwordExpiresAt: client.passwordExpiresAt, sessionToken: expect.any(String) });
    expect((await secondFactor(b.body.challenge, { code: codeB })).status).toBe(401);
    expect((await secondFactor(a.body.challenge, { code: codeA })).status).toBe(200);
  });
});

describe('R22 second factor: login', () => {
  let client: SignedInClient;
  beforeAll(async () => {
    client = await registerSignedIn();
  });
  afterAll(() => resetClock());

  it('R22: a right password gives a challenge and no session; the code that confirmed the enrolment is refused, the next step completes the login', async () => {
    const first = await login(client.username, client.password);
    expect(first.status).toBe(200);
    expect(first.body).toEqual({ status: 'second_factor_required', method: 'totp', challenge: expect.any(String) });
    const enrolmentCode = totpCodeAt(client.factor.secret, client.factor.step);
    expect(await secondFactor(first.body.challenge, { code: enrolmentCode })).toMatchObject({ status: 401, body: INVALID_CODE });
    const { code, step } = nextTotp(client.factor.secret, client.factor.step);
    const done = await secondFactor(first.body.challenge, { code });
    expect(done.status).toBe(200);
    expect(done.body).toEqual({ status: 'signed_in', gatewayId: client.gatewayId, passwordExpiresAt: client.passwordExpiresAt, sessionToken: expect.any(String) });
    client.factor.step = step;
    expect((await call('activation', 'GET', '/account', { token: done.body.sessionToken })).status).toBe(200);
  });

  it('R22: each 30-second step is accepted once; the next step is accepted after the clock moves 30 s', async () => {
    const used = client.factor.step;
    const replay = await login(client.username, client.password);
    expect(await secondFactor(replay.body.challenge, { code: totpCodeAt(client.factor.secret, used) })).toMatchObject({ status: 401, body: INVALID_CODE });

    // Every step within reach is used up, one login each; then none is left until the clock moves.
    while (client.factor.step < currentStep() + 1) expect((await loginWithTotp(client)).status).toBe(200);
    const stuck = await login(client.username, client.password);
    expect((await secondFactor(stuck.body.challenge, { code: totpCodeAt(client.factor.secret, client.factor.step) })).status).toBe(401);
    await advanceClock('30s');
    const next = await secondFactor(stuck.body.challenge, { code: totpCodeAt(client.factor.secret, client.factor.step + 1) });
    expect(next.status).toBe(200);
    client.factor.step += 1;
    // The last accepted step is what the database keeps, per account.
    const [row] = await query<{ last_step: string }>('activation', 'SELECT last_step FROM second_factor WHERE gateway_id = $1', [client.gatewayId]);
    expect(Number(row.last_step)).toBe(client.factor.step);
  });

  it('R22: a challenge lives 10 minutes, as long as an emailed code, and is used once', async () => {
    await advanceClock('2m');
    const expiring = await login(client.username, client.password);
    await advanceClock('10m1s');
    const { code, step } = nextTotp(client.factor.secret, client.factor.step);
    expect(await secondFactor(expiring.body.challenge, { code })).toMatchObject({ status: 401, body: INVALID_CODE });

    const fresh = await login(client.username, client.password);
    await advanceClock('9m50s');
    const late = nextTotp(client.factor.secret, Math.max(step, client.factor.step));
    expect((await secondFactor(fresh.body.challenge, { code: late.code })).status).toBe(200);
    client.factor.step = late.step;
    await advanceClock('30s');
    const again = nextTotp(client.factor.secret, client.factor.step);
    expect((await secondFactor(fresh.body.challenge, { code: again.code })).status).toBe(401);
  });

  it('R22, SPEC §8: wrong codes back off like wrong passwords: 5 failures lock the account with Retry-After, the right code answers alike', async () => {
    const other = await registerSignedIn();
    const challenge = (await login(other.username, other.password)).body.challenge;
    for (let i = 0; i < 5; i++) expect((await secondFactor(challenge, { code: String(100000 + i) })).status).toBe(401);
    const locked = await secondFactor(challenge, { code: nextTotp(other.factor.secret, other.factor.step).code });
    expect(locked.status).toBe(429);
    expect(Number(locked.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(locked.body.errors[0].code).toBe('TOO_MANY_ATTEMPTS');
  });
});

describe('R22 second factor: secrets and staff', () => {
  it('R22: the TOTP secret is sealed at rest and on no topic; the emailed code travels sealed; neither is in the audit', async () => {
    const client = await registerSignedIn();
    expect(await activationTablesHolding(client.factor.secret)).toEqual({});
    const [row] = await query<{ sealed_secret: Record<string, string> }>('activation', 'SELECT sealed_secret FROM second_factor WHERE gateway_id = $1', [client.gatewayId]);
    expect(Object.keys(row.sealed_secret).sort()).toEqual(['ciphertext', 'iv', 'keyId', 'tag']);
    expect(await activationTablesHolding(client.factor.removalCode)).toEqual({});
    expect(await activationTablesHolding(client.factor.removalCode.replace(/-/g, ''))).toEqual({});

    const emailClient = await registerActive();
    const { enrolmentToken } = (await login(emailClient.username, emailClient.password)).body;
    await call('activation', 'POST', '/account/second-factor/email', { token: enrolmentToken });
    const code = await emailedCode(emailClient.who.email, 1);
    const records = await readTopics([Topic.ActivationSecondFactor, Topic.OpsAudit, Topic.OpsDeadLetter]);
    const places = records.map((record) => ({ place: `${record.topic}@${record.offset}`, text: `${record.key} ${record.value} ${JSON.stringify(record.headers)}` }));
    expect(whereFound(client.factor.secret, places)).toEqual([]);
    expect(whereFound(client.factor.removalCode, places)).toEqual([]);
    const ofThisClient = places.filter(({ text }) => text.includes(emailClient.gatewayId));
    expect(ofThisClient.some(({ text }) => text.includes('sealedCode'))).toBe(true);
    expect(whereFound(`"${code}"`, ofThisClient)).toEqual([]);
  });

  it('R22: no staff endpoint sets, reads or removes a factor: in every OpenAPI document, factor and account routes are activation\'s own and refuse a staff token', async () => {
    const factorRoutes: string[] = [];
    for (const service of SERVICE_NAMES) {
      const document = await call(service, 'GET', '/docs-json');
      expect(document.status).toBe(200);
      for (const [path, operations] of Object.entries(document.body.paths as Record<string, Record<string, unknown>>)) {
        if (!/second-factor|^\/account/.test(path)) continue;
        expect(service).toBe('activation');
        for (const method of Object.keys(operations)) factorRoutes.push(`${method.toUpperCase()} ${path}`);
      }
    }
    expect(factorRoutes.sort()).toEqual([
      'DELETE /account/second-factor',
      'DELETE /account/second-factor/passkey/{id}',
      'DELETE /account/second-factor/{method}',
      'DELETE /account/sessions',
      'DELETE /account/sessions/{id}',
      'GET /account',
      'GET /account/activity',
      'GET /account/sessions',
      'POST /account/password',
      'POST /account/reauthenticate',
      'POST /account/reauthenticate/options',
      'POST /account/removal-code',
      'POST /account/second-factor/email',
      'POST /account/second-factor/email/confirm',
      'POST /account/second-factor/passkey',
      'POST /account/second-factor/passkey/options',
      'POST /account/second-factor/totp',
      'POST /account/second-factor/totp/confirm',
      'POST /login/second-factor',
      'POST /login/second-factor/options',
    ]);
    const token = staffToken();
    for (const route of factorRoutes.filter((route) => !route.startsWith('POST /login/second-factor'))) {
      const [method, path] = route.split(' ');
      expect({ route, status: (await call('activation', method, path, { token, body: method === 'GET' ? undefined : {} })).status }).toEqual({ route, status: 401 });
    }
  });
});

describe('R23 removal code', () => {
  afterAll(() => resetClock());

  it('R23: at login the removal code stands in for the factor: it removes it, is spent, and the client must enrol again', async () => {
    const client = await registerSignedIn();
    const challenge = (await login(client.username, client.password)).body.challenge;
    expect(await secondFactor(challenge, { removalCode: 'AAAA-BBBB-CCCC-DDDD' })).toMatchObject({ status: 401, body: INVALID_CODE });
    const removed = await secondFactor(challenge, { removalCode: client.factor.removalCode.toLowerCase() });
    expect(removed.status).toBe(200);
    expect(removed.body).toEqual({ status: 'enrolment_required', enrolmentToken: expect.any(String) });
    const email = await emailTo(client.who.email, 'second-factor-removed');
    expect(email.text).toContain('removal code');
    expect(await query('activation', 'SELECT 1 FROM second_factor WHERE gateway_id = $1', [client.gatewayId])).toHaveLength(0);

    expect((await login(client.username, client.password)).body.status).toBe('enrolment_required');
    const again = await enrolTotp(removed.body.enrolmentToken);
    expect(again.removalCode).not.toBe(client.factor.removalCode);
    // The spent code is no longer anything; the new one is.
    await advanceClock('30s');
    const next = (await login(client.username, client.password)).body.challenge;
    expect(await secondFactor(next, { removalCode: client.factor.removalCode })).toMatchObject({ status: 401, body: INVALID_CODE });
    expect((await secondFactor(next, { removalCode: again.removalCode })).status).toBe(200);
  });

  it('R23: otherwise removing the factor takes the password and a current code; the client is told by email', async () => {
    const client = await registerSignedIn();
    const token = client.sessionToken;
    const remove = (body: { password: string; code: string }) => call('activation', 'DELETE', '/account/second-factor', { token, body });
    const current = nextTotp(client.factor.secret, client.factor.step);
    expect((await remove({ password: 'not the password at all', code: current.code })).status).toBe(401);
    expect((await remove({ password: client.password, code: '123456' })).status).toBe(401);
    expect((await call('activation', 'GET', '/account', { token })).body.secondFactor).toBe('totp');
    expect((await remove({ password: client.password, code: current.code })).status).toBe(204);
    expect(await query('activation', 'SELECT 1 FROM second_factor WHERE gateway_id = $1', [client.gatewayId])).toHaveLength(0);
    const email = await emailTo(client.who.email, 'second-factor-removed');
    expect(header(email, 'X-Notification-Type')).toBe('second-factor-removed');
    // R26: the removal ended every session, this one too.
    expect((await call('activation', 'GET', '/account', { token })).status).toBe(401);
  });
});

describe('R24 the client\'s account', () => {
  afterAll(() => resetClock());

  it('R24: the account shows name, email, consulate, username, password expiry and the factor', async () => {
    const client = await registerSignedIn();
    const account = await call('activation', 'GET', '/account', { token: client.sessionToken });
    expect(account.status).toBe(200);
    expect(account.body).toEqual({
      gatewayId: client.gatewayId,
      familyName: client.who.person.familyName,
      givenNames: client.who.person.givenNames,
      email: client.who.email,
      consulate: 'HU-KYIV',
      username: client.username,
      passwordExpiresAt: client.passwordExpiresAt,
      secondFactor: 'totp',
      secondFactors: [{ method: 'totp', enrolledAt: expect.any(String), lastUsedAt: null }],
      passkeys: [],
    });
  });

  it('R24: change password: the current one first, R10 validity and R16 rules, a password-changed email; the old password stops working', async () => {
    const client = await registerSignedIn();
    const change = (body: Record<string, unknown>) => call('activation', 'POST', '/account/password', { token: client.sessionToken, body });
    const newPassword = 'a brand new passphrase for R24';
    const wrong = await change({ currentPassword: 'not the password at all', newPassword });
    expect(wrong.status).toBe(401);
    expect(wrong.body.errors[0]).toMatchObject({ code: 'INVALID_CREDENTIALS', field: 'currentPassword' });
    const weak = await change({ currentPassword: client.password, newPassword: `${client.username}-and-more`, passwordValidityDays: 731 });
    expect(weak.status).toBe(422);
    expect(weak.body.errors.map((error: { code: string }) => error.code).sort()).toEqual(['PASSWORD_TOO_WEAK', 'PASSWORD_VALIDITY_OUT_OF_RANGE']);

    const changed = await change({ currentPassword: client.password, newPassword, passwordValidityDays: 90 });
    expect(changed.status).toBe(200);
    expect(Date.parse(changed.body.passwordExpiresAt) - Date.parse(client.passwordExpiresAt)).toBeLessThan(-600 * 24 * 3600 * 1000);
    await emailTo(client.who.email, 'password-changed');
    expect((await login(client.username, client.password)).status).toBe(401);
    expect((await loginWithTotp({ ...client, password: newPassword })).status).toBe(200);
    expect((await call('activation', 'GET', '/account', { token: client.sessionToken })).body.passwordExpiresAt).toBe(changed.body.passwordExpiresAt);
  });

  it('R24: a session ends at logout, and after 30 idle minutes (activity keeps it alive)', async () => {
    const client = await registerSignedIn();
    const account = (token: string) => call('activation', 'GET', '/account', { token });
    // A login left half-way: its challenge is forgotten by a job once it has expired.
    expect((await login(client.username, client.password)).body.status).toBe('second_factor_required');
    await advanceClock('29m');
    expect((await account(client.sessionToken)).status).toBe(200);
    await advanceClock('29m');
    expect((await account(client.sessionToken)).status).toBe(200);
    await advanceClock('30m1s');
    const idle = await account(client.sessionToken);
    expect(idle.status).toBe(401);
    expect(idle.body.errors[0].code).toBe('SESSION_REQUIRED');
    const challenges = () => query('activation', 'SELECT 1 FROM login_challenge WHERE gateway_id = $1', [client.gatewayId]);
    expect(await challenges()).toHaveLength(1);
    await runJobs();
    expect(await challenges()).toHaveLength(0);

    const fresh = await loginWithTotp(client);
    expect(fresh.body.sessionToken).not.toBe(client.sessionToken);
    expect((await account(fresh.body.sessionToken)).status).toBe(200);
    expect((await call('activation', 'POST', '/logout', { token: fresh.body.sessionToken })).status).toBe(204);
    expect((await account(fresh.body.sessionToken)).status).toBe(401);
    expect((await call('activation', 'POST', '/logout', { token: fresh.body.sessionToken })).status).toBe(401);
  });
});
