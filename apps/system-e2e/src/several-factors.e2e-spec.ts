import { currentStep, login, nextTotp, registerSignedIn, SignedInClient } from './support/activation-fixtures';
import { advanceClock, resetClock } from './support/clock';
import { query } from './support/database';
import { call } from './support/http';
import { emailsTo } from './support/mail';

/** The 6-digit code in the `count`-th login-code email to the address. */
async function emailedCode(address: string, count: number): Promise<string> {
  const emails = await emailsTo(address, 'login-code', count);
  return /\b(\d{6})\b/.exec(emails[count - 1].text ?? '')![1];
}

/** Adds the email factor to a signed-in client's app (R27); the login-code emails sent so far are counted in `codes`. */
async function addEmailFactor(client: SignedInClient, token: string, codes: { sent: number }): Promise<void> {
  expect((await call('activation', 'POST', '/account/second-factor/email', { token })).status).toBe(202);
  const code = await emailedCode(client.who.email, ++codes.sent);
  const confirmed = await call('activation', 'POST', '/account/second-factor/email/confirm', { token, body: { code } });
  expect(confirmed.status).toBe(200);
  // Not the first factor: the removal code stays as it was, and stands in for both.
  expect(confirmed.body).toEqual({});
}

function secondStep(challenge: string, body: { code: string } | { removalCode: string }) {
  return call('activation', 'POST', '/login/second-factor', { body: { challenge, ...body } });
}

async function nextTotpCode(client: SignedInClient): Promise<string> {
  if (client.factor.step >= currentStep() + 1) await advanceClock('30s');
  const { code, step } = nextTotp(client.factor.secret, client.factor.step);
  client.factor.step = step;
  return code;
}

describe('R27 several second factors (JSON API)', () => {
  afterAll(() => resetClock());

  it('R27: an app and email codes at once; the login offers both, starting with the last used, and switches on request', async () => {
    const client = await registerSignedIn();
    const codes = { sent: 0 };
    await addEmailFactor(client, client.sessionToken, codes);
    const account = await call('activation', 'GET', '/account', { token: client.sessionToken });
    expect(account.body.secondFactors.map((factor: { method: string }) => factor.method).sort()).toEqual(['email', 'totp']);

    // Neither used at a login yet: the newest (email) comes first, and its code is sent.
    const first = await login(client.username, client.password);
    expect(first.body).toEqual({ status: 'second_factor_required', method: 'email', methods: ['email', 'totp'], challenge: expect.any(String) });
    await emailedCode(client.who.email, ++codes.sent);
    // The client picks the app instead; a TOTP code now completes the login.
    const switched = await call('activation', 'POST', '/login/second-factor/options', { body: { challenge: first.body.challenge, method: 'totp' } });
    expect(switched).toMatchObject({ status: 200, body: { method: 'totp' } });
    expect((await secondStep(first.body.challenge, { code: await nextTotpCode(client) })).status).toBe(200);

    // The app was used last: the next login starts with it and sends no code, until email is chosen.
    const second = await login(client.username, client.password);
    expect(second.body).toEqual({ status: 'second_factor_required', method: 'totp', methods: ['totp', 'email'], challenge: expect.any(String) });
    expect((await call('activation', 'POST', '/login/second-factor/options', { body: { challenge: second.body.challenge, method: 'email' } })).status).toBe(200);
    const code = await emailedCode(client.who.email, ++codes.sent);
    expect((await secondStep(second.body.challenge, { code })).status).toBe(200);
    const [{ count }] = await query<{ count: string }>('activation', 'SELECT count(*) FROM second_factor WHERE gateway_id = $1 AND last_used_at IS NOT NULL', [client.gatewayId]);
    expect(count).toBe('2');

    // A factor the account does not have, or a made-up challenge, is refused alike.
    const bad = await call('activation', 'POST', '/login/second-factor/options', { body: { challenge: 'not-a-challenge', method: 'totp' } });
    expect(bad.status).toBe(401);
    expect(bad.body.errors[0].code).toBe('INVALID_CODE');
  });

  it('R27: one factor is removed by name while the other stays; the removal code stands in for all of them', async () => {
    const client = await registerSignedIn();
    const codes = { sent: 0 };
    await addEmailFactor(client, client.sessionToken, codes);
    const unnamed = await call('activation', 'DELETE', '/account/second-factor', { token: client.sessionToken, body: { password: client.password, code: '000000' } });
    expect(unnamed.status).toBe(409);
    expect(unnamed.body.errors[0].code).toBe('SEVERAL_FACTORS');

    // The email factor goes, with a code of the app; the app stays (R26: the sessions end).
    const removed = await call('activation', 'DELETE', '/account/second-factor/email', {
      token: client.sessionToken,
      body: { password: client.password, code: await nextTotpCode(client) },
    });
    expect(removed.status).toBe(204);
    const removedEmails = await emailsTo(client.who.email, 'second-factor-removed', 1);
    expect(removedEmails[0].text).toContain('code by email');
    const only = await login(client.username, client.password);
    expect(only.body).toEqual({ status: 'second_factor_required', method: 'totp', challenge: expect.any(String) });
    const session = await secondStep(only.body.challenge, { code: await nextTotpCode(client) });
    expect(session.status).toBe(200);

    // Both again; then the removal code, at login, removes every factor at once and is spent.
    await addEmailFactor(client, session.body.sessionToken, codes);
    // The app was used last: the login starts with it, and sends no code.
    const challenge = (await login(client.username, client.password)).body.challenge;
    const standIn = await secondStep(challenge, { removalCode: client.factor.removalCode });
    expect(standIn.body.status).toBe('enrolment_required');
    await emailsTo(client.who.email, 'second-factor-removed', 3);
    for (const table of ['second_factor', 'removal_code']) {
      expect(await query('activation', `SELECT 1 FROM ${table} WHERE gateway_id = $1`, [client.gatewayId])).toHaveLength(0);
    }
    const activity = await query<{ kind: string }>('activation', "SELECT kind FROM account_activity WHERE gateway_id = $1 AND kind IN ('factor-removed', 'removal-code-used')", [client.gatewayId]);
    expect(activity.map(({ kind }) => kind).sort()).toEqual(['factor-removed', 'factor-removed', 'factor-removed', 'removal-code-used']);
  });
});
