import {
  ActiveClient, applyInPerson, codeEmailed, enrolTotp, forgottenPassword, login, registerActive, registerPending,
} from './support/activation-fixtures';
import { advanceClock, platformNow, resetClock } from './support/clock';
import { query } from './support/database';
import { newPerson } from './support/fixtures';
import { call } from './support/http';
import { emailTo } from './support/mail';

const DAY_MS = 24 * 60 * 60 * 1000;
const NEW_PASSWORD = 'a brand new passphrase 2027';

function reset(body: Record<string, unknown>) {
  return call('activation', 'POST', '/password-reset', { body });
}

const daysUntil = (iso: string) => (Date.parse(iso) - platformNow().getTime()) / DAY_MS;

describe('forgotten-password answers alike for every address (SPEC §8: no enumeration)', () => {
  let client: ActiveClient;

  beforeAll(async () => {
    client = await registerActive();
  });

  it('an unknown, a known and an odd address all get 202 {}', async () => {
    const answers = await Promise.all([
      forgottenPassword(`nobody-${Date.now()}@example.org`),
      forgottenPassword(client.who.email),
      forgottenPassword('not an address at all'),
      forgottenPassword(''),
    ]);
    for (const answer of answers) {
      expect(answer.status).toBe(202);
      expect(answer.body).toEqual({});
    }
    await codeEmailed(client.who.email, 'password-reset-code', 1);
  });

  it('known and unknown addresses are answered about as fast', async () => {
    const timed = async (email: string) => {
      const started = performance.now();
      expect((await forgottenPassword(email)).status).toBe(202);
      return performance.now() - started;
    };
    const known: number[] = [];
    const unknown: number[] = [];
    for (let round = 0; round < 7; round++) {
      known.push(await timed(client.who.email));
      unknown.push(await timed(`nobody-${round}-${Date.now()}@example.org`));
    }
    const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
    expect(Math.abs(median(known) - median(unknown))).toBeLessThan(150);
  });

  it.each([
    ['email is not a string', { email: 42 }],
    ['email is missing', {}],
    ['the body is an array', [{ email: 'client@example.org' }]],
  ])('a body of the wrong shape is 400 (%s)', async (_case, body) => {
    const response = await call('activation', 'POST', '/forgotten-password', { body });
    expect(response.status).toBe(400);
    expect(response.body.errors[0].code).toBe('VALIDATION_FAILED');
  });
});

describe('R13: forgotten password on an active gateway', () => {
  let client: ActiveClient;
  let expiring: ActiveClient;
  let lapsed: ActiveClient;
  let lapsedNeighbour: ActiveClient;

  beforeAll(async () => {
    [client, expiring, lapsed] = await Promise.all([
      registerActive(),
      registerActive({ passwordValidityDays: 1 }),
      registerActive({ passwordValidityDays: 1 }),
    ]);
    // Another gateway on the lapsed one's address, whose password stays valid.
    lapsedNeighbour = await registerActive({ who: { ...newPerson(), email: lapsed.who.email }, codeEmailNumber: 2 });
  });

  afterAll(() => resetClock());

  it('R13: emails a password-reset code; the reset sets a new password with a new validity and the old one stops working', async () => {
    expect((await forgottenPassword(client.who.email)).status).toBe(202);
    const code = await codeEmailed(client.who.email, 'password-reset-code', 1);
    const [stored] = await query<{ purpose: string; created_at: Date; expires_at: Date }>(
      'activation',
      'SELECT purpose, created_at, expires_at FROM one_time_code WHERE gateway_id = $1 AND used_at IS NULL AND voided_at IS NULL',
      [client.gatewayId],
    );
    expect(stored.purpose).toBe('password-reset');
    expect(stored.expires_at.getTime() - stored.created_at.getTime()).toBe(5 * DAY_MS);

    const response = await reset({ code, password: NEW_PASSWORD, passwordValidityDays: 30 });
    expect(response.status).toBe(200);
    expect(response.body).toEqual({ gatewayId: client.gatewayId, passwordExpiresAt: expect.any(String) });
    expect(daysUntil(response.body.passwordExpiresAt)).toBeCloseTo(30, 2);

    const old = await login(client.username, client.password);
    expect(old.status).toBe(401);
    expect(old.body.errors[0].code).toBe('INVALID_CREDENTIALS');
    const renewed = await login(client.username, NEW_PASSWORD);
    expect(renewed.status).toBe(200);
    // R22: the new password leads on to the second factor's enrolment; the account shows the new expiry.
    const { confirmed } = await enrolTotp(renewed.body.enrolmentToken);
    const account = await call('activation', 'GET', '/account', { token: confirmed.body.sessionToken });
    expect(account.body).toMatchObject({ gatewayId: client.gatewayId, passwordExpiresAt: response.body.passwordExpiresAt });

    const again = await reset({ code, password: 'yet another passphrase 1' });
    expect(again.status).toBe(422);
    expect(again.body.errors).toEqual([{ code: 'INVALID_CODE', field: 'code', message: expect.any(String) }]);
  });

  it('R13: the client is told their password changed', async () => {
    const email = await emailTo(client.who.email, 'password-changed');
    expect(email.text).not.toContain(NEW_PASSWORD);
  });

  it('R10, R16: a weak password or a validity out of 1–730 is refused without using the code; the default validity is 730 days', async () => {
    expect((await forgottenPassword(client.who.email)).status).toBe(202);
    const code = await codeEmailed(client.who.email, 'password-reset-code', 2);
    const refusals: [Record<string, unknown>, string][] = [
      [{ password: `my ${client.username.toUpperCase()} passphrase` }, 'PASSWORD_TOO_WEAK'],
      [{ password: 'qwerty123456' }, 'PASSWORD_TOO_WEAK'],
      [{ password: 'Tq9mZ2pL4wX' }, 'PASSWORD_TOO_WEAK'],
      [{ password: NEW_PASSWORD, passwordValidityDays: 0 }, 'PASSWORD_VALIDITY_OUT_OF_RANGE'],
      [{ password: NEW_PASSWORD, passwordValidityDays: 731 }, 'PASSWORD_VALIDITY_OUT_OF_RANGE'],
    ];
    for (const [body, expected] of refusals) {
      const response = await reset({ code, ...body });
      expect(response.status).toBe(422);
      expect(response.body.errors.map((error: { code: string }) => error.code)).toEqual([expected]);
    }
    const accepted = await reset({ code, password: 'Tq9mZ2pL4wXr' });
    expect(accepted.status).toBe(200);
    expect(daysUntil(accepted.body.passwordExpiresAt)).toBeCloseTo(730, 2);
  });

  it('R13: activation and password-reset codes are not interchangeable; unknown codes are INVALID_CODE', async () => {
    const pending = await registerPending();
    const onReset = await reset({ code: pending.code, password: NEW_PASSWORD });
    expect(onReset.status).toBe(422);
    expect(onReset.body.errors[0].code).toBe('INVALID_CODE');

    expect((await forgottenPassword(client.who.email)).status).toBe(202);
    const resetCode = await codeEmailed(client.who.email, 'password-reset-code', 3);
    const onActivation = await call('activation', 'POST', '/activation', {
      body: { code: resetCode, username: `${client.username}x`, password: NEW_PASSWORD },
    });
    expect(onActivation.status).toBe(422);
    expect(onActivation.body.errors[0].code).toBe('INVALID_CODE');

    for (const code of ['0000-0000-0000-0000', 'not a code']) {
      const unknown = await reset({ code, password: NEW_PASSWORD });
      expect(unknown.status).toBe(422);
      expect(unknown.body.errors[0].code).toBe('INVALID_CODE');
    }
    // Each code still works where it belongs.
    expect((await reset({ code: resetCode.toLowerCase(), password: NEW_PASSWORD })).status).toBe(200);
    const activated = await call('activation', 'POST', '/activation', {
      body: { code: pending.code, username: `${client.username}_p`, password: NEW_PASSWORD },
    });
    expect(activated.status).toBe(200);
  });

  it('R13, R14: an expired password is refused with PASSWORD_EXPIRED and can be renewed 59 days after it expired', async () => {
    await advanceClock('60d');
    const expired = await login(expiring.username, expiring.password);
    expect(expired.status).toBe(403);
    expect(expired.body.errors[0].code).toBe('PASSWORD_EXPIRED');

    expect((await forgottenPassword(expiring.who.email)).status).toBe(202);
    const code = await codeEmailed(expiring.who.email, 'password-reset-code', 1);
    const response = await reset({ code, password: NEW_PASSWORD, passwordValidityDays: 10 });
    expect(response.status).toBe(200);
    expect(daysUntil(response.body.passwordExpiresAt)).toBeCloseTo(10, 2);
    expect((await login(expiring.username, NEW_PASSWORD)).status).toBe(200);
    expect((await login(expiring.username, expiring.password)).status).toBe(401);
  });

  it('R13: more than 60 days after the password expired, forgotten-password issues nothing', async () => {
    await advanceClock('2d');
    expect(platformNow().getTime() - Date.parse(lapsed.passwordExpiresAt)).toBeGreaterThan(60 * DAY_MS);
    const response = await forgottenPassword(lapsed.who.email);
    expect(response.status).toBe(202);
    expect(response.body).toEqual({});

    // Both gateways on the address are handled in one go: once the neighbour's code is there, the lapsed one's answer is known.
    const code = await codeEmailed(lapsed.who.email, 'password-reset-code', 1);
    const [issued] = await query<{ count: string }>(
      'activation',
      "SELECT count(*) FROM one_time_code WHERE gateway_id = $1 AND purpose = 'password-reset'",
      [lapsed.gatewayId],
    );
    expect(Number(issued.count)).toBe(0);
    const neighbour = await reset({ code, password: NEW_PASSWORD });
    expect(neighbour.status).toBe(200);
    expect(neighbour.body.gatewayId).toBe(lapsedNeighbour.gatewayId);
    expect((await login(lapsed.username, lapsed.password)).status).toBe(403);
  });

  it('R13, R18: only an in-person modify with reissueActivationCode restores access then', async () => {
    const application = await applyInPerson(lapsed.who, 'modify', { reissueActivationCode: true });
    expect(application).toMatchObject({ status: 'completed', gatewayId: lapsed.gatewayId });
    const code = await codeEmailed(lapsed.who.email, 'password-reset-code', 2);
    const response = await reset({ code, password: NEW_PASSWORD });
    expect(response.status).toBe(200);
    expect(response.body.gatewayId).toBe(lapsed.gatewayId);
    expect((await login(lapsed.username, NEW_PASSWORD)).status).toBe(200);
  });
});
