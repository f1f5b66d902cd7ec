import { enrolTotp, registerActive, registerPending, uniqueUsername } from './support/activation-fixtures';
import { advanceClock, platformNow, resetClock } from './support/clock';
import { query } from './support/database';
import { callFrom, freshAddress, throttleKeyHash } from './support/security-fixtures';

/**
 * SPEC §8 brute force: per account and per client address, failed logins and code attempts back off
 * (5 failures → 1 minute, doubling, at most 15 minutes); a locked request gets 429 TOO_MANY_ATTEMPTS with
 * Retry-After, also with the right password, so that the answer tells nothing about it.
 */
const loginFrom = (address: string, username: string, password: string) =>
  callFrom(address, 'activation', 'POST', '/login', { body: { username, password } });

/** One failed login for `username`, each from an address of its own (so that only the account counts). */
async function failLogins(username: string, times: number): Promise<void> {
  for (let i = 0; i < times; i++) {
    const response = await loginFrom(freshAddress(), username, `wrong password number ${i}`);
    expect(response.status).toBe(401);
  }
}

function expectLocked(response: { status: number; body: any; headers: Headers }, retryAfterSeconds: number): void {
  expect(response.status).toBe(429);
  expect(response.body).toEqual({ errors: [{ code: 'TOO_MANY_ATTEMPTS', message: expect.any(String) }] });
  const retryAfter = Number(response.headers.get('retry-after'));
  // Whole seconds until the lock ends, measured on the platform clock that moves on while the test runs.
  expect(retryAfter).toBeLessThanOrEqual(retryAfterSeconds);
  expect(retryAfter).toBeGreaterThan(retryAfterSeconds - 10);
}

async function accountThrottle(usernameKey: string) {
  const [row] = await query<{ failures: number; locked_until: Date | null }>(
    'activation',
    "SELECT failures, locked_until FROM attempt_throttle WHERE scope = 'account' AND key_hash = $1",
    [throttleKeyHash('account', usernameKey)],
  );
  return row;
}

describe('SPEC §8 brute force: per account', () => {
  afterAll(() => resetClock());

  it('5 failed logins lock the account 1 minute: the right password from another address gets 429 with Retry-After, and answers as a wrong one', async () => {
    const client = await registerActive();
    await failLogins(client.username, 5);

    const right = await loginFrom(freshAddress(), client.username, client.password);
    expectLocked(right, 60);
    const wrong = await loginFrom(freshAddress(), client.username, 'still the wrong password');
    expectLocked(wrong, 60);
    expect(wrong.body).toEqual(right.body);

    // Shared by every instance: the state is in activation's database, on the platform clock.
    const state = await accountThrottle(client.username.toLowerCase());
    expect(state.failures).toBe(5);
    expect(Math.abs(state.locked_until!.getTime() - (platformNow().getTime() + 60_000))).toBeLessThan(10_000);

    await advanceClock('61s');
    const password = await loginFrom(freshAddress(), client.username.toUpperCase(), client.password);
    expect(password.status).toBe(200);
    // R26: a right password alone keeps the count; the complete sign-in (here: the factor's enrolment) clears it.
    expect((await accountThrottle(client.username.toLowerCase())).failures).toBe(5);
    await enrolTotp(password.body.enrolmentToken);
    expect(await accountThrottle(client.username.toLowerCase())).toBeUndefined();
  });

  it('parallel guesses do not slip past the threshold together: of 12 at once, 5 are checked and 7 refused', async () => {
    const client = await registerActive();
    const answers = await Promise.all(
      Array.from({ length: 12 }, (_, i) => loginFrom(freshAddress(), client.username, `parallel wrong guess ${i}`)),
    );
    const statuses = answers.map((answer) => answer.status).sort();
    expect(statuses).toEqual([...Array(5).fill(401), ...Array(7).fill(429)]);
  });

  it('R26: a complete sign-in resets the account count: 4 failures, a sign-in, 4 failures and the right password still logs in', async () => {
    const client = await registerActive();
    await failLogins(client.username, 4);
    const signIn = await loginFrom(freshAddress(), client.username, client.password);
    expect(signIn.status).toBe(200);
    await enrolTotp(signIn.body.enrolmentToken);
    await failLogins(client.username, 4);
    expect((await loginFrom(freshAddress(), client.username, client.password)).status).toBe(200);
  });

  it('R26: a right password alone does not: 4 failures, the right password, 1 failure lock the account', async () => {
    const client = await registerActive();
    await failLogins(client.username, 4);
    expect((await loginFrom(freshAddress(), client.username, client.password)).status).toBe(200);
    await failLogins(client.username, 1);
    expectLocked(await loginFrom(freshAddress(), client.username, client.password), 60);
  });

  it('each further failure doubles the lock, at most 15 minutes; unknown usernames lock alike (no enumeration)', async () => {
    const username = uniqueUsername('nobody');
    await failLogins(username, 5);
    expectLocked(await loginFrom(freshAddress(), username, 'x'.repeat(12)), 60);
    for (const [wait, lock] of [
      ['61s', 120],
      ['121s', 240],
      ['241s', 480],
      ['481s', 900],
      ['901s', 900],
    ] as const) {
      await advanceClock(wait);
      await failLogins(username, 1);
      expectLocked(await loginFrom(freshAddress(), username, 'x'.repeat(12)), lock);
    }
  });

  it('failed code attempts count against the account the code belongs to (a used code, from 5 addresses): its login is locked', async () => {
    const { code } = await registerPending();
    const username = uniqueUsername();
    const password = 'a long and unusual passphrase 7';
    expect((await callFrom(freshAddress(), 'activation', 'POST', '/activation', { body: { code, username, password } })).status).toBe(200);

    for (const path of ['/activation', '/activation', '/activation', '/password-reset', '/password-reset']) {
      const again = await callFrom(freshAddress(), 'activation', 'POST', path, { body: { code, username: `${username}x`, password } });
      expect(again.status).toBe(422);
      expect(again.body.errors[0].code).toBe('INVALID_CODE');
    }
    expectLocked(await loginFrom(freshAddress(), username, password), 60);
  });
});

describe('SPEC §8 brute force: per client address', () => {
  afterAll(() => resetClock());

  it('5 failed logins from one address (on any accounts) lock it for every account; other addresses are unaffected; X-Forwarded-For does not move it', async () => {
    const client = await registerActive();
    const attacker = freshAddress();
    for (let i = 0; i < 5; i++) expect((await loginFrom(attacker, uniqueUsername('guess'), 'a guessed password')).status).toBe(401);

    expectLocked(await loginFrom(attacker, client.username, client.password), 60);
    const spoofed = await callFrom(attacker, 'activation', 'POST', '/login', {
      body: { username: client.username, password: client.password },
      headers: { 'x-forwarded-for': freshAddress() },
    });
    expectLocked(spoofed, 60);
    expect((await loginFrom(freshAddress(), client.username, client.password)).status).toBe(200);

    await advanceClock('61s');
    expect((await loginFrom(attacker, client.username, client.password)).status).toBe(200);
  });

  it('failed code attempts (activation and password reset) lock the address: then even a valid code gets 429', async () => {
    const { code } = await registerPending();
    const attacker = freshAddress();
    const guess = (path: string, guessed: string) =>
      callFrom(attacker, 'activation', 'POST', path, { body: { code: guessed, username: uniqueUsername(), password: 'a long and unusual passphrase 7' } });
    for (const [path, guessed] of [
      ['/activation', 'AAAA-BBBB-CCCC-DDDD'],
      ['/activation', 'not a code at all'],
      ['/password-reset', 'EEEE-FFFF-GGGG-HHHH'],
      ['/activation', 'JJJJ-KKKK-MMMM-NNNN'],
      ['/password-reset', 'PPPP-QQQQ-RRRR-SSSS'],
    ]) {
      const response = await guess(path, guessed);
      expect(response.status).toBe(422);
      expect(response.body.errors[0].code).toBe('INVALID_CODE');
    }
    expectLocked(await guess('/activation', code), 60);

    const elsewhere = await callFrom(freshAddress(), 'activation', 'POST', '/activation', {
      body: { code, username: uniqueUsername(), password: 'a long and unusual passphrase 7' },
    });
    expect(elsewhere.status).toBe(200);
  });

  it('a success from an address neither counts as a failure nor clears the address: 4 failures, a login, 1 failure lock it', async () => {
    const client = await registerActive();
    const address = freshAddress();
    for (let i = 0; i < 4; i++) expect((await loginFrom(address, uniqueUsername('guess'), 'a guessed password')).status).toBe(401);
    expect((await loginFrom(address, client.username, client.password)).status).toBe(200);
    expect((await loginFrom(address, uniqueUsername('guess'), 'a guessed password')).status).toBe(401);
    expectLocked(await loginFrom(address, client.username, client.password), 60);
  });
});
