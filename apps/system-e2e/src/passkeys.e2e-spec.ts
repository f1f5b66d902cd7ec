import { ActiveClient, login, registerActive } from './support/activation-fixtures';
import { query } from './support/database';
import { e2eEnvironment } from './support/environment';
import { call } from './support/http';
import { emailsTo } from './support/mail';
import { SoftAuthenticator } from './support/soft-authenticator';

/** The service's WEBAUTHN_ORIGIN in the tests: localhost on activation's port. */
function serviceOrigin(): string {
  return `http://localhost:${new URL(e2eEnvironment().urls.activation).port}`;
}

async function registerPasskey(token: string, authenticator: SoftAuthenticator, name?: string) {
  const options = await call('activation', 'POST', '/account/second-factor/passkey/options', { token });
  expect(options.status).toBe(200);
  return call('activation', 'POST', '/account/second-factor/passkey', { token, body: { credential: authenticator.create(options.body), ...(name && { name }) } });
}

/** A login up to its passkey step: the challenge and the WebAuthn request options. */
async function passkeyStep(client: ActiveClient): Promise<{ challenge: string; publicKey: { challenge: string; allowCredentials: { id: string }[] } }> {
  const first = await login(client.username, client.password);
  expect(first.body).toMatchObject({ status: 'second_factor_required', method: 'passkey' });
  const chosen = await call('activation', 'POST', '/login/second-factor/options', { body: { challenge: first.body.challenge, method: 'passkey' } });
  expect(chosen.status).toBe(200);
  return { challenge: first.body.challenge, publicKey: chosen.body.publicKey };
}

function withAssertion(challenge: string, assertion: Record<string, unknown>) {
  return call('activation', 'POST', '/login/second-factor', { body: { challenge, assertion } });
}

describe('R27 passkeys over the JSON API (WebAuthn ceremonies verified by the service)', () => {
  let client: ActiveClient;
  let sessionToken: string;
  let removalCode: string;
  const authenticator = new SoftAuthenticator(serviceOrigin(), 'localhost');

  it('R27: a first login enrols a passkey with the enrolment token; a credential made for another origin or replayed is refused with PASSKEY_INVALID', async () => {
    client = await registerActive();
    const answer = await login(client.username, client.password);
    expect(answer.body.status).toBe('enrolment_required');
    const token = answer.body.enrolmentToken;

    const options = await call('activation', 'POST', '/account/second-factor/passkey/options', { token });
    expect(options.status).toBe(200);
    expect(options.body).toMatchObject({ rp: { id: 'localhost' }, user: { name: client.username }, authenticatorSelection: { userVerification: 'preferred' }, excludeCredentials: [] });
    // Phishing: a look-alike site relays the options, but the browser writes its own origin into what it signs.
    const phished = new SoftAuthenticator('https://ugyfelkapu.example.net', 'localhost').create(options.body);
    const refused = await call('activation', 'POST', '/account/second-factor/passkey', { token, body: { credential: phished } });
    expect(refused.status).toBe(422);
    expect(refused.body.errors).toEqual([expect.objectContaining({ code: 'PASSKEY_INVALID', field: 'credential' })]);
    const malformed = await call('activation', 'POST', '/account/second-factor/passkey', { token, body: { credential: { id: 'x' } } });
    expect(malformed.status).toBe(400);

    const registered = await registerPasskey(token, authenticator, 'Phone');
    expect(registered.status).toBe(201);
    expect(registered.body).toEqual({ id: expect.any(String), name: 'Phone', removalCode: expect.stringMatching(/^[0-9A-Z]{4}(-[0-9A-Z]{4}){3}$/), sessionToken: expect.any(String) });
    ({ sessionToken, removalCode } = registered.body);
    // The same credential again: its ceremony is used up (and the credential is known).
    const again = await call('activation', 'POST', '/account/second-factor/passkey', {
      token: sessionToken,
      body: { credential: authenticator.create({ challenge: 'bm90LWEtY2VyZW1vbnk' }) },
    });
    expect(again.status).toBe(422);

    const account = await call('activation', 'GET', '/account', { token: sessionToken });
    expect(account.body).toMatchObject({ secondFactor: 'passkey', passkeys: [{ id: registered.body.id, name: 'Phone', lastUsedAt: null }] });
    const [enrolled] = await emailsTo(client.who.email, 'second-factor-enrolled', 1);
    expect(enrolled.text).toContain('Phone');
  });

  it('R27: the login asks for the passkey; an assertion for another origin, a reused challenge or a counter that did not go up is INVALID_CODE', async () => {
    const phishing = await passkeyStep(client);
    const fromPhishingSite = authenticator.get(phishing.publicKey, { origin: 'https://ugyfelkapu.example.net' });
    expect((await withAssertion(phishing.challenge, fromPhishingSite)).body.errors[0].code).toBe('INVALID_CODE');

    const step = await passkeyStep(client);
    const good = authenticator.get(step.publicKey);
    const signedIn = await withAssertion(step.challenge, good);
    expect(signedIn.status).toBe(200);
    expect(signedIn.body.status).toBe('signed_in');
    // The login challenge is used: the same assertion signs nobody in again.
    expect((await withAssertion(step.challenge, good)).status).toBe(401);

    // An authenticator whose counter fell behind the stored one (a clone) is refused.
    const next = await passkeyStep(client);
    const stale = await withAssertion(next.challenge, { ...authenticator.get(next.publicKey, { counter: 1 }) });
    expect(stale.status).toBe(401);
    expect(stale.body.errors[0].code).toBe('INVALID_CODE');
    const [row] = await query<{ sign_count: string; last_used_at: Date | null }>(
      'activation',
      "SELECT sign_count, last_used_at FROM second_factor WHERE gateway_id = $1 AND method = 'passkey'",
      [client.gatewayId],
    );
    expect(Number(row.sign_count)).toBeGreaterThanOrEqual(2);
    expect(row.last_used_at).not.toBeNull();
    sessionToken = signedIn.body.sessionToken;
  });

  it('R27: up to 5 passkeys per account; the sixth is refused with TOO_MANY_PASSKEYS', async () => {
    for (const name of ['Laptop', 'Key A', 'Key B', 'Key C']) {
      const registered = await registerPasskey(sessionToken, authenticator, name);
      expect(registered.status).toBe(201);
      // Not the first factor: no new removal code.
      expect(registered.body.removalCode).toBeUndefined();
    }
    const sixth = await call('activation', 'POST', '/account/second-factor/passkey/options', { token: sessionToken });
    expect(sixth.status).toBe(409);
    expect(sixth.body.errors[0].code).toBe('TOO_MANY_PASSKEYS');
    const first = await login(client.username, client.password);
    // Each kind once, however many passkeys.
    expect(first.body).toMatchObject({ method: 'passkey' });
    expect(first.body.methods).toBeUndefined();
  });

  it('R26, R27: a re-authentication, and the removal of one passkey by its id, take the password and an assertion of a passkey; the others stay', async () => {
    // R26: a re-authentication takes the password and a passkey's assertion over a challenge of its own, once.
    const reauthentication = await call('activation', 'POST', '/account/reauthenticate/options', { token: sessionToken });
    const assertion = authenticator.get(reauthentication.body);
    expect((await call('activation', 'POST', '/account/reauthenticate', { token: sessionToken, body: { password: client.password, assertion } })).status).toBe(204);
    const replayed = await call('activation', 'POST', '/account/reauthenticate', { token: sessionToken, body: { password: client.password, assertion } });
    expect(replayed.status).toBe(401);
    expect(replayed.body.errors[0].code).toBe('INVALID_CREDENTIALS');

    const account = await call('activation', 'GET', '/account', { token: sessionToken });
    const laptop = account.body.passkeys.find((passkey: { name: string }) => passkey.name === 'Laptop');
    const options = await call('activation', 'POST', '/account/reauthenticate/options', { token: sessionToken });
    expect(options.status).toBe(200);
    expect(options.body.allowCredentials).toHaveLength(5);
    const wrongPassword = await call('activation', 'DELETE', `/account/second-factor/passkey/${laptop.id}`, {
      token: sessionToken,
      body: { password: 'not the password at all', assertion: authenticator.get(options.body) },
    });
    expect(wrongPassword.status).toBe(401);
    const proof = await call('activation', 'POST', '/account/reauthenticate/options', { token: sessionToken });
    const unknown = await call('activation', 'DELETE', '/account/second-factor/passkey/not-an-id', { token: sessionToken, body: { password: client.password, code: '123456' } });
    expect(unknown.status).toBe(404);
    expect(unknown.body.errors[0].code).toBe('SECOND_FACTOR_NOT_ENROLLED');
    const removed = await call('activation', 'DELETE', `/account/second-factor/passkey/${laptop.id}`, {
      token: sessionToken,
      body: { password: client.password, assertion: authenticator.get(proof.body) },
    });
    expect(removed.status).toBe(204);
    const [email] = await emailsTo(client.who.email, 'second-factor-removed', 1);
    expect(email.text).toContain('Laptop');
    const names = await query<{ name: string }>('activation', "SELECT name FROM second_factor WHERE gateway_id = $1 AND method = 'passkey' ORDER BY name", [client.gatewayId]);
    expect(names.map(({ name }) => name)).toEqual(['Key A', 'Key B', 'Key C', 'Phone']);
  });

  it('R27: the removal code stands in for every passkey: all are removed and, factors being required, enrolment follows', async () => {
    const step = await login(client.username, client.password);
    const used = await call('activation', 'POST', '/login/second-factor', { body: { challenge: step.body.challenge, removalCode } });
    expect(used.status).toBe(200);
    expect(used.body.status).toBe('enrolment_required');
    expect(await query('activation', 'SELECT 1 FROM second_factor WHERE gateway_id = $1', [client.gatewayId])).toEqual([]);
    // One email per passkey removed: Laptop before, then the four the removal code took.
    expect(await emailsTo(client.who.email, 'second-factor-removed', 5)).toHaveLength(5);
  });
});
