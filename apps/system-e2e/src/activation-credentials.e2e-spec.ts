import { login, registerActive, registerPending, uniqueUsername } from './support/activation-fixtures';
import { advanceClock, platformNow, resetClock } from './support/clock';
import { query } from './support/database';
import { call } from './support/http';
import { metrics, sample } from './support/metrics';

const DAY_MS = 24 * 60 * 60 * 1000;
const PASSWORD = 'correct horse battery staple 42';

function activate(body: Record<string, unknown>) {
  return call('activation', 'POST', '/activation', { body });
}

const errorCodes = (body: { errors: { code: string }[] }) => body.errors.map((error) => error.code);

/** Days from the platform's now to an ISO time. */
const daysUntil = (iso: string) => (Date.parse(iso) - platformNow().getTime()) / DAY_MS;

describe('activation: choosing a username and a password (R10, R15, R16)', () => {
  it('R10: a validity of 0 or 731 days is PASSWORD_VALIDITY_OUT_OF_RANGE and leaves the code usable; 1 day is accepted', async () => {
    const { code, gatewayId } = await registerPending();
    const username = uniqueUsername();
    for (const passwordValidityDays of [0, 731]) {
      const refused = await activate({ code, username, password: PASSWORD, passwordValidityDays });
      expect(refused.status).toBe(422);
      expect(refused.body.errors).toEqual([
        { code: 'PASSWORD_VALIDITY_OUT_OF_RANGE', field: 'passwordValidityDays', message: expect.any(String) },
      ]);
    }
    const accepted = await activate({ code, username, password: PASSWORD, passwordValidityDays: 1 });
    expect(accepted.status).toBe(200);
    expect(accepted.body).toEqual({ gatewayId, username, passwordExpiresAt: expect.any(String) });
    expect(daysUntil(accepted.body.passwordExpiresAt)).toBeCloseTo(1, 2);
  });

  it('R10: 730 days is accepted, and without a choice the password is valid 730 days', async () => {
    const chosen = await registerActive({ passwordValidityDays: 730 });
    expect(daysUntil(chosen.passwordExpiresAt)).toBeCloseTo(730, 2);
    const byDefault = await registerActive();
    expect(daysUntil(byDefault.passwordExpiresAt)).toBeCloseTo(730, 2);
    const [stored] = await query<{ password_expires_at: Date; status: string }>(
      'activation',
      'SELECT password_expires_at, status FROM account WHERE gateway_id = $1',
      [byDefault.gatewayId],
    );
    expect(stored).toEqual({ status: 'active', password_expires_at: new Date(byDefault.passwordExpiresAt) });
  });

  it('R10: a fractional validity is malformed (400), not a rule', async () => {
    const { code } = await registerPending();
    const response = await activate({ code, username: uniqueUsername(), password: PASSWORD, passwordValidityDays: 1.5 });
    expect(response.status).toBe(400);
    expect(response.body.errors[0]).toMatchObject({ code: 'VALIDATION_FAILED', field: 'passwordValidityDays' });
  });

  it.each([
    ['3 characters', 'abc'],
    ['65 characters', `a1${'b'.repeat(63)}`],
    ['fewer than 3 distinct characters', 'aAaAbBbB'],
    ['a space', 'olena kovacs'],
    ['a dash', 'olena-kovacs'],
    ['an @', 'olena@example'],
    ['an emoji', 'olena😀k'],
  ])('R15: a username with %s is USERNAME_INVALID', async (_case, username) => {
    const { code } = await registerPending();
    const response = await activate({ code, username, password: PASSWORD });
    expect(response.status).toBe(422);
    expect(errorCodes(response.body)).toEqual(['USERNAME_INVALID']);
  });

  it('R15: letters of any script, digits, "." and "_" make a username; taken in another case it is USERNAME_TAKEN', async () => {
    const first = await registerPending();
    const username = `Олена.${uniqueUsername('Kovács')}`;
    const accepted = await activate({ code: first.code, username, password: PASSWORD });
    expect(accepted.status).toBe(200);
    expect(accepted.body.username).toBe(username);

    const second = await registerPending();
    const taken = await activate({ code: second.code, username: username.toUpperCase(), password: PASSWORD });
    expect(taken.status).toBe(422);
    expect(taken.body.errors).toEqual([{ code: 'USERNAME_TAKEN', field: 'username', message: expect.any(String) }]);
    // The refusal did not use up the code: another username works.
    const other = await activate({ code: second.code, username: uniqueUsername(), password: PASSWORD });
    expect(other.status).toBe(200);
  });

  it('an activation looks its code up once and its account once; the code is then used up', async () => {
    const { code } = await registerPending();
    const lookUps = async () => {
      const text = await metrics('activation');
      return {
        codes: sample(text, 'db_statements_total', { kind: 'SELECT one_time_code' }) ?? 0,
        accounts: sample(text, 'db_statements_total', { kind: 'SELECT account' }) ?? 0,
      };
    };
    const before = await lookUps();
    const activated = await activate({ code, username: uniqueUsername(), password: PASSWORD });
    expect(activated.status).toBe(200);
    const after = await lookUps();
    expect({ codes: after.codes - before.codes, accounts: after.accounts - before.accounts }).toEqual({ codes: 1, accounts: 1 });
    const again = await activate({ code, username: uniqueUsername(), password: PASSWORD });
    expect(again.status).toBe(422);
    expect(errorCodes(again.body)).toEqual(['INVALID_CODE']);
  });

  it.each([
    ['11 characters', 'Tq9mZ2pL4wX'],
    ['a common password', 'qwerty123456'],
    ['a common password in another case', 'PASSWORDPASSWORD'],
  ])('R16: %s is PASSWORD_TOO_WEAK', async (_case, password) => {
    const { code } = await registerPending();
    const response = await activate({ code, username: uniqueUsername(), password });
    expect(response.status).toBe(422);
    expect(response.body.errors).toEqual([{ code: 'PASSWORD_TOO_WEAK', field: 'password', message: expect.any(String) }]);
  });

  it('R16: a password containing the username (in any case) is PASSWORD_TOO_WEAK; 12 characters are enough', async () => {
    const { code } = await registerPending();
    const username = uniqueUsername('eva');
    const containing = await activate({ code, username, password: `my ${username.toUpperCase()} pass` });
    expect(containing.status).toBe(422);
    expect(errorCodes(containing.body)).toEqual(['PASSWORD_TOO_WEAK']);

    const twelve = await activate({ code, username, password: 'Tq9mZ2pL4wXr' });
    expect(twelve.status).toBe(200);
    expect((await login(username, 'Tq9mZ2pL4wXr')).status).toBe(200);
  });

  it('R10: every problem is reported at once', async () => {
    const { code } = await registerPending();
    const response = await activate({ code, username: 'ab', password: 'short', passwordValidityDays: 900 });
    expect(response.status).toBe(422);
    expect(errorCodes(response.body)).toEqual(['USERNAME_INVALID', 'PASSWORD_TOO_WEAK', 'PASSWORD_VALIDITY_OUT_OF_RANGE']);
  });
});

describe('login (R14)', () => {
  afterAll(() => resetClock());

  it('R14: a gateway pending activation cannot log in', async () => {
    const { who, code } = await registerPending();
    for (const [username, password] of [[who.email, code], [who.email, PASSWORD]]) {
      const response = await login(username, password);
      expect(response.status).toBe(401);
      expect(response.body).toEqual({ errors: [{ code: 'INVALID_CREDENTIALS', message: expect.any(String) }] });
    }
  });

  it('R14: the username in any case; PASSWORD_EXPIRED once the chosen validity has passed, and only after the right password', async () => {
    const client = await registerActive({ passwordValidityDays: 3 });
    const before = await login(client.username.toUpperCase(), client.password);
    expect(before.status).toBe(200);
    // R22: the right password leads on to enrolling a second factor (SECOND_FACTOR=required).
    expect(before.body).toEqual({ status: 'enrolment_required', enrolmentToken: expect.any(String) });

    await advanceClock('2d23h');
    expect((await login(client.username, client.password)).status).toBe(200);

    await advanceClock('1h1m');
    const expired = await login(client.username, client.password);
    expect(expired.status).toBe(403);
    expect(expired.body).toEqual({ errors: [{ code: 'PASSWORD_EXPIRED', message: expect.any(String) }] });

    const wrong = await login(client.username, `${client.password}!`);
    expect(wrong.status).toBe(401);
    expect(wrong.body.errors[0].code).toBe('INVALID_CREDENTIALS');
  });

  it('R14: an unknown username and a wrong password get the same answer', async () => {
    const client = await registerActive();
    const unknown = await login(uniqueUsername('nobody'), client.password);
    const wrong = await login(client.username, 'not the password at all');
    expect(unknown.status).toBe(401);
    expect(wrong.status).toBe(401);
    expect(unknown.body).toEqual(wrong.body);
  });
});
