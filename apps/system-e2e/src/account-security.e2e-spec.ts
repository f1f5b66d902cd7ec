import { Topic } from '@client-gate/contracts';
import {
  applyInPerson, codeEmailed, currentStep, forgottenPassword, login, nextTotp, registerSignedIn, SignedInClient,
} from './support/activation-fixtures';
import { advanceClock, resetClock, runJobs } from './support/clock';
import { query } from './support/database';
import { ApiResponse, call } from './support/http';
import { emailsTo, emailTo } from './support/mail';
import { readTopics, whereFound } from './support/security-fixtures';
import { waitFor } from './support/wait-for';

const FIREFOX = 'Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:128.0) Gecko/20100101 Firefox/128.0';
const CHROME = 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36';
const BROWSER_HEADER = 'x-browser-token';

interface Browser {
  userAgent?: string;
  /** The browser's token (R26), as a JSON client keeps it from a sign-in's answer. */
  token?: string;
}

function browserHeaders(browser: Browser): Record<string, string> {
  return { ...(browser.userAgent && { 'user-agent': browser.userAgent }), ...(browser.token && { [BROWSER_HEADER]: browser.token }) };
}

/** A complete sign-in (password, then the next TOTP code) from `browser`; the answer's browser token is kept in it. */
async function signIn(client: SignedInClient, browser: Browser = {}): Promise<ApiResponse> {
  const headers = browserHeaders(browser);
  // Each TOTP step is accepted once (R22): when every step within reach is used, the next one is 30 s away.
  if (client.factor.step >= currentStep() + 1) await advanceClock('30s');
  const first = await call('activation', 'POST', '/login', { body: { username: client.username, password: client.password }, headers });
  if (first.body?.status !== 'second_factor_required') return first;
  const { code, step } = nextTotp(client.factor.secret, client.factor.step);
  const second = await call('activation', 'POST', '/login/second-factor', { body: { challenge: first.body.challenge, code }, headers });
  if (second.status === 200) client.factor.step = step;
  browser.token ??= second.headers.get(BROWSER_HEADER) ?? undefined;
  return second;
}

async function sessionOf(client: SignedInClient, browser: Browser = {}): Promise<string> {
  const answer = await signIn(client, browser);
  expect(answer.status).toBe(200);
  return answer.body.sessionToken;
}

const account = (token: string) => call('activation', 'GET', '/account', { token });
const statusOf = async (token: string) => (await account(token)).status;
const wrongCode = (challenge: string, code = '000000') => call('activation', 'POST', '/login/second-factor', { body: { challenge, code } });

function expectLocked(response: ApiResponse, seconds: number): void {
  expect(response.status).toBe(429);
  expect(response.body.errors[0].code).toBe('TOO_MANY_ATTEMPTS');
  const retryAfter = Number(response.headers.get('retry-after'));
  expect(retryAfter).toBeLessThanOrEqual(seconds);
  expect(retryAfter).toBeGreaterThan(seconds - 10);
}

describe('R26 account security: failed second-factor codes', () => {
  afterAll(() => resetClock());

  it('R26: a wrong code counts after a right password, and the doubling applies across logins; only a complete sign-in clears it', async () => {
    const client = await registerSignedIn();
    // One guess per login, the right password each time: the fifth wrong code locks the account.
    for (let i = 0; i < 5; i++) {
      const password = await login(client.username, client.password);
      expect(password.body.status).toBe('second_factor_required');
      expect((await wrongCode(password.body.challenge, String(100000 + i))).status).toBe(401);
    }
    expectLocked(await login(client.username, client.password), 60);

    // After the lock, one more wrong code after a right password locks twice as long.
    await advanceClock('61s');
    const again = await login(client.username, client.password);
    expect(again.body.status).toBe('second_factor_required');
    expect((await wrongCode(again.body.challenge)).status).toBe(401);
    expectLocked(await login(client.username, client.password), 120);

    // A complete sign-in clears the count: four wrong codes afterwards do not lock.
    await advanceClock('121s');
    expect((await signIn(client)).status).toBe(200);
    for (let i = 0; i < 4; i++) {
      const password = await login(client.username, client.password);
      expect((await wrongCode(password.body.challenge)).status).toBe(401);
    }
    expect((await signIn(client)).status).toBe(200);
  });
});

describe('R26 account security: sessions end when they must', () => {
  afterAll(() => resetClock());

  it('R26: a password change ends the other sessions, not the one that changed it', async () => {
    const client = await registerSignedIn();
    const other = client.sessionToken;
    const current = await sessionOf(client);
    const changed = await call('activation', 'POST', '/account/password', {
      token: current,
      body: { currentPassword: client.password, newPassword: 'another passphrase for R26 sessions' },
    });
    expect(changed.status).toBe(200);
    expect(await statusOf(other)).toBe(401);
    expect(await statusOf(current)).toBe(200);
  });

  it('R26: a password reset ends every session', async () => {
    const client = await registerSignedIn();
    const tokens = [client.sessionToken, await sessionOf(client)];
    expect((await forgottenPassword(client.who.email)).status).toBe(202);
    const code = await codeEmailed(client.who.email, 'password-reset-code', 1);
    const reset = await call('activation', 'POST', '/password-reset', { body: { code, password: 'a reset passphrase for R26 sessions' } });
    expect(reset.status).toBe(200);
    for (const token of tokens) expect(await statusOf(token)).toBe(401);
  });

  it('R26: removing the factor on the account ends every session, the one that removed it too', async () => {
    const client = await registerSignedIn();
    const other = client.sessionToken;
    const current = await sessionOf(client);
    const { code, step } = nextTotp(client.factor.secret, client.factor.step);
    expect((await call('activation', 'DELETE', '/account/second-factor', { token: current, body: { password: client.password, code } })).status).toBe(204);
    client.factor.step = step;
    expect(await statusOf(other)).toBe(401);
    expect(await statusOf(current)).toBe(401);
  });

  it('R26: the removal code at login ends every session', async () => {
    const client = await registerSignedIn();
    const challenge = (await login(client.username, client.password)).body.challenge;
    const removed = await call('activation', 'POST', '/login/second-factor', { body: { challenge, removalCode: client.factor.removalCode } });
    expect(removed.body.status).toBe('enrolment_required');
    expect(await statusOf(client.sessionToken)).toBe(401);
  });

  it('R26, R17: the gateway\'s deletion ends every session', async () => {
    const client = await registerSignedIn();
    const tokens = [client.sessionToken, await sessionOf(client)];
    expect((await applyInPerson(client.who, 'delete')).status).toBe('completed');
    await waitFor('the deletion to end the sessions', async () => ((await statusOf(tokens[0])) === 401 ? true : undefined));
    expect(await statusOf(tokens[1])).toBe(401);
  });

  it('R26: a session ends 12 hours after its sign-in, however active it is', async () => {
    const client = await registerSignedIn();
    // 28 × 25 minutes of activity: 11 h 40 min.
    for (let i = 0; i < 28; i++) {
      await advanceClock('25m');
      expect(await statusOf(client.sessionToken)).toBe(200);
    }
    // 11 h 50 min now: still open; at 12 h it ends although it was active 10 minutes before.
    await advanceClock('10m');
    expect(await statusOf(client.sessionToken)).toBe(200);
    await advanceClock('10m1s');
    const ended = await account(client.sessionToken);
    expect(ended.status).toBe(401);
    expect(ended.body.errors[0].code).toBe('SESSION_REQUIRED');
  });
});

describe('R26 account security: the sessions list', () => {
  afterAll(() => resetClock());

  it('R26: lists the open sessions with browser, start and last activity; ends one, or every other at once', async () => {
    const client = await registerSignedIn();
    const firefox = await sessionOf(client, { userAgent: FIREFOX });
    await advanceClock('1m');
    const chrome = await sessionOf(client, { userAgent: CHROME });

    const listed = await call('activation', 'GET', '/account/sessions', { token: chrome });
    expect(listed.status).toBe(200);
    expect(listed.body).toHaveLength(3);
    expect(listed.body[0]).toEqual({
      id: expect.any(String), startedAt: expect.any(String), lastActiveAt: expect.any(String), userAgent: CHROME, browser: 'Chrome 131 (Linux)', current: true,
    });
    const firefoxEntry = listed.body.find((session: { browser: string }) => session.browser === 'Firefox 128 (Windows)');
    expect(firefoxEntry).toMatchObject({ current: false, userAgent: FIREFOX });
    expect(Date.parse(firefoxEntry.startedAt)).toBeLessThan(Date.parse(listed.body[0].startedAt));
    // Nothing secret is listed: no token or its hash.
    expect(JSON.stringify(listed.body)).not.toContain(chrome);

    expect((await call('activation', 'DELETE', `/account/sessions/${firefoxEntry.id}`, { token: chrome })).status).toBe(204);
    expect(await statusOf(firefox)).toBe(401);
    expect(await statusOf(chrome)).toBe(200);
    // Another account's session is no one's to end.
    const stranger = await registerSignedIn();
    const strangers = await call('activation', 'GET', '/account/sessions', { token: stranger.sessionToken });
    expect((await call('activation', 'DELETE', `/account/sessions/${strangers.body[0].id}`, { token: chrome })).status).toBe(404);
    expect(await statusOf(stranger.sessionToken)).toBe(200);
    expect((await call('activation', 'DELETE', '/account/sessions/not-a-session', { token: chrome })).status).toBe(404);

    expect((await call('activation', 'DELETE', '/account/sessions', { token: chrome })).status).toBe(204);
    expect(await statusOf(client.sessionToken)).toBe(401);
    expect(await statusOf(chrome)).toBe(200);
    expect((await call('activation', 'GET', '/account/sessions', { token: chrome })).body).toHaveLength(1);
  });
});

describe('R26 account security: re-authentication', () => {
  afterAll(() => resetClock());

  it('R26: 10 minutes after the sign-in, sensitive changes need the password and a code again; then they go on', async () => {
    const client = await registerSignedIn();
    const token = client.sessionToken;
    await advanceClock('10m1s');
    const newPassword = 'a passphrase after re-authentication';
    const changes = [
      () => call('activation', 'POST', '/account/password', { token, body: { currentPassword: client.password, newPassword } }),
      () => call('activation', 'POST', '/account/removal-code', { token }),
      () => call('activation', 'DELETE', '/account/second-factor', { token, body: { password: client.password, code: '123456' } }),
    ];
    for (const change of changes) {
      const refused = await change();
      expect(refused.status).toBe(403);
      expect(refused.body.errors[0].code).toBe('REAUTHENTICATION_REQUIRED');
    }
    // Reading the account needs no recent sign-in.
    expect(await statusOf(token)).toBe(200);

    const reauthenticate = (password: string, code: string) => call('activation', 'POST', '/account/reauthenticate', { token, body: { password, code } });
    expect((await reauthenticate('not the password', nextTotp(client.factor.secret, client.factor.step).code)).status).toBe(401);
    expect((await reauthenticate(client.password, '000000')).status).toBe(401);
    const next = nextTotp(client.factor.secret, client.factor.step);
    expect(await reauthenticate(client.password, next.code)).toMatchObject({ status: 204 });
    client.factor.step = next.step;
    expect((await changes[0]()).status).toBe(200);

    await advanceClock('10m1s');
    expect((await changes[1]()).status).toBe(403);
  });
});

describe('R26 account security: removal code renewal', () => {
  afterAll(() => resetClock());

  it('R26: a renewed removal code works and the old one does not; the client is told by email', async () => {
    const client = await registerSignedIn();
    const renewed = await call('activation', 'POST', '/account/removal-code', { token: client.sessionToken });
    expect(renewed.status).toBe(200);
    expect(renewed.body.removalCode).toMatch(/^[0-9A-HJKMNP-TV-Z]{4}(-[0-9A-HJKMNP-TV-Z]{4}){3}$/);
    expect(renewed.body.removalCode).not.toBe(client.factor.removalCode);
    const email = await emailTo(client.who.email, 'removal-code-renewed');
    expect(email.text).not.toContain(renewed.body.removalCode);

    const challenge = (await login(client.username, client.password)).body.challenge;
    const old = await call('activation', 'POST', '/login/second-factor', { body: { challenge, removalCode: client.factor.removalCode } });
    expect(old.status).toBe(401);
    const current = await call('activation', 'POST', '/login/second-factor', { body: { challenge, removalCode: renewed.body.removalCode } });
    expect(current.body.status).toBe('enrolment_required');
  });
});

describe('R26 account security: activity', () => {
  afterAll(() => resetClock());

  it('R26: the activity lists the account\'s security events newest first, addresses masked; it is pruned after 90 days and erased with the account', async () => {
    const client = await registerSignedIn();
    expect((await login(client.username, 'not the password')).status).toBe(401);
    const firefox = await sessionOf(client, { userAgent: FIREFOX });
    expect((await call('activation', 'POST', '/account/password', { token: firefox, body: { currentPassword: client.password, newPassword: 'the R26 activity passphrase' } })).status).toBe(200);
    client.password = 'the R26 activity passphrase';

    const activity = await call('activation', 'GET', '/account/activity', { token: firefox });
    expect(activity.status).toBe(200);
    expect(activity.body.map((event: { kind: string }) => event.kind)).toEqual(['password-changed', 'signed-in', 'sign-in-failed', 'signed-in', 'factor-enrolled']);
    expect(activity.body[1]).toEqual({ at: expect.any(String), kind: 'signed-in', userAgent: FIREFOX, browser: 'Firefox 128 (Windows)', address: expect.stringMatching(/^127\.0\.0\.x$|::x$/) });
    const times = activity.body.map((event: { at: string }) => Date.parse(event.at));
    expect([...times].sort((a, b) => b - a)).toEqual(times);

    // 90 days on, older events are pruned by a job; a newer one stays.
    await advanceClock('89d');
    const later = await sessionOf(client, { userAgent: FIREFOX });
    await advanceClock('2d');
    await runJobs();
    const rows = await query<{ kind: string }>('activation', 'SELECT kind FROM account_activity WHERE gateway_id = $1', [client.gatewayId]);
    expect(rows.map((row) => row.kind)).toEqual(['signed-in']);
    expect(later).toEqual(expect.any(String));

    // R12, R17: erased with the account.
    expect((await applyInPerson(client.who, 'delete')).status).toBe('completed');
    await waitFor('the activity to be erased', async () => {
      const [{ count }] = await query<{ count: string }>('activation', 'SELECT count(*) FROM account_activity WHERE gateway_id = $1', [client.gatewayId]);
      return count === '0' ? true : undefined;
    });
  });
});

describe('R26 account security: new browsers and "this was not me"', () => {
  afterAll(() => resetClock());

  it('R26: new-sign-in is emailed once per new browser, with time, browser and masked address; a known browser signs in quietly', async () => {
    const client = await registerSignedIn();
    // The enrolment signed in from a browser the account had never used: the first email.
    const firstBrowser: Browser = { userAgent: FIREFOX, token: client.browserToken ?? undefined };
    expect(firstBrowser.token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    await emailsTo(client.who.email, 'new-sign-in', 1);

    await sessionOf(client, firstBrowser);
    await sessionOf(client, firstBrowser);
    const chrome: Browser = { userAgent: CHROME };
    await sessionOf(client, chrome);
    expect(chrome.token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const emails = await emailsTo(client.who.email, 'new-sign-in', 2);
    expect(emails[1].text).toContain('Chrome 131 (Linux)');
    expect(emails[1].text).toMatch(/127\.0\.0\.x|::x/);
    expect(emails[1].text).toMatch(/\/not-me\?lang=\w\w&token=[A-Za-z0-9_-]{43}/);

    // Chrome is known now; a sign-in without a token is a new browser again.
    await sessionOf(client, chrome);
    await sessionOf(client, { userAgent: CHROME });
    await emailsTo(client.who.email, 'new-sign-in', 3);
    // One "this was not me" link per email, written with the sign-in: three new browsers in six sign-ins.
    const [{ count }] = await query<{ count: string }>('activation', 'SELECT count(*) FROM disavowal_token WHERE gateway_id = $1', [client.gatewayId]);
    expect(count).toBe('3');
  });

  it('R26: "this was not me" ends every session and the next login needs a password reset; the link works once and never travels in clear', async () => {
    const client = await registerSignedIn();
    const [email] = await emailsTo(client.who.email, 'new-sign-in', 1);
    const token = /[?&]token=([A-Za-z0-9_-]{43})/.exec(email.text ?? '')![1];
    const other = await sessionOf(client);

    const reported = await call('activation', 'POST', '/not-me', { body: { token } });
    expect(reported.status).toBe(200);
    expect(await statusOf(client.sessionToken)).toBe(401);
    expect(await statusOf(other)).toBe(401);
    const refused = await login(client.username, client.password);
    expect(refused.status).toBe(403);
    expect(refused.body.errors[0].code).toBe('PASSWORD_RESET_REQUIRED');
    // A wrong password still answers as wrong: the 403 tells only who knows the password.
    expect((await login(client.username, 'not the password')).status).toBe(401);
    const again = await call('activation', 'POST', '/not-me', { body: { token } });
    expect(again.status).toBe(422);
    expect(again.body.errors[0].code).toBe('INVALID_TOKEN');

    // The token is on no topic in clear and in no table (only its hash).
    const records = await readTopics([Topic.ActivationSecondFactor, Topic.OpsAudit, Topic.OpsDeadLetter]);
    expect(whereFound(token, records.map((record) => ({ place: `${record.topic}@${record.offset}`, text: `${record.key} ${record.value} ${JSON.stringify(record.headers)}` })))).toEqual([]);
    const [{ count }] = await query<{ count: string }>('activation', "SELECT count(*) FROM disavowal_token t WHERE t::text LIKE '%' || $1 || '%'", [token]);
    expect(count).toBe('0');

    // R11, R13: the password reset by emailed code lets the client in again.
    expect((await forgottenPassword(client.who.email)).status).toBe(202);
    const code = await codeEmailed(client.who.email, 'password-reset-code', 1);
    client.password = 'a fresh passphrase after not me';
    expect((await call('activation', 'POST', '/password-reset', { body: { code, password: client.password } })).status).toBe(200);
    expect((await signIn(client)).status).toBe(200);
  });
});
