import {
  accountOnceIt, activationTablesHolding, applyInPerson, codeEmailed, codesIssued, forgottenPassword, login,
  registerActive, registerPending, uniqueUsername,
} from './support/activation-fixtures';
import { advanceClock, resetClock, runJobs } from './support/clock';
import { newPerson } from './support/fixtures';
import { call } from './support/http';
import { waitFor } from './support/wait-for';

const PASSWORD = 'correct horse battery staple 42';

interface AccountRow extends Record<string, unknown> {
  status: string;
  email: string | null;
  locale: string;
  username: string | null;
  username_key: string | null;
  password_hash: string | null;
}

function activate(code: string, username = uniqueUsername()) {
  return call('activation', 'POST', '/activation', { body: { code, username, password: PASSWORD } });
}

/** Waits until no activation table holds `text` any more (the outbox may still be relaying). */
function noTableHolds(text: string) {
  return waitFor(`no activation table to hold ${text}`, async () => {
    const holding = await activationTablesHolding(text);
    return Object.keys(holding).length === 0 ? holding : undefined;
  });
}

describe('R18: activation takes over what an in-person modify changed', () => {
  it('R18: a new address and a reissued code for a pending gateway: the code goes to the new address and voids the old', async () => {
    const pending = await registerPending();
    const newEmail = `moved-${newPerson().email}`;
    const application = await applyInPerson(pending.who, 'modify', { email: newEmail, locale: 'uk', reissueActivationCode: true });
    expect(application).toMatchObject({ status: 'completed', gatewayId: pending.gatewayId });

    const code = await codeEmailed(newEmail, 'activation-code', 1);
    const account = await accountOnceIt<AccountRow>(pending.gatewayId, 'has the new address', (row) => row.email === newEmail);
    expect(account).toMatchObject({ status: 'pending_activation', locale: 'uk' });
    expect((await activate(pending.code)).status).toBe(422);
    const activated = await activate(code);
    expect(activated.status).toBe(200);
    expect(activated.body.gatewayId).toBe(pending.gatewayId);
  });

  it('R15, R18: a username changed in person is the one to log in with; the old one stops working', async () => {
    const client = await registerActive();
    const renamed = uniqueUsername('Renamed');
    const application = await applyInPerson(client.who, 'modify', { username: renamed });
    expect(application).toMatchObject({ status: 'completed', gatewayId: client.gatewayId });

    const account = await accountOnceIt<AccountRow>(client.gatewayId, 'has the new username', (row) => row.username === renamed);
    expect(account.username_key).toBe(renamed.toLowerCase());
    expect((await login(renamed.toLowerCase(), client.password)).status).toBe(200);
    expect((await login(client.username, client.password)).status).toBe(401);
  });

  it('R18: a reissued code for an active gateway is a password-reset code', async () => {
    const client = await registerActive();
    await applyInPerson(client.who, 'modify', { reissueActivationCode: true });
    const code = await codeEmailed(client.who.email, 'password-reset-code', 1);
    const response = await call('activation', 'POST', '/password-reset', { body: { code, password: 'a brand new passphrase 2027' } });
    expect(response.status).toBe(200);
    expect(response.body.gatewayId).toBe(client.gatewayId);
  });
});

describe('R17: a deleted gateway', () => {
  it('R17: login stops, its codes are gone, and no activation table holds its address or username', async () => {
    const client = await registerActive();
    expect((await forgottenPassword(client.who.email)).status).toBe(202);
    const outstanding = await codeEmailed(client.who.email, 'password-reset-code', 1);

    const application = await applyInPerson(client.who, 'delete');
    expect(application).toMatchObject({ status: 'completed', gatewayId: client.gatewayId });
    const account = await accountOnceIt<AccountRow>(client.gatewayId, 'to be ended', (row) => row.status === 'ended');
    expect(account).toMatchObject({ email: null, username: null, username_key: null, password_hash: null });

    const refused = await login(client.username, client.password);
    expect(refused.status).toBe(401);
    expect(refused.body.errors[0].code).toBe('INVALID_CREDENTIALS');
    const reset = await call('activation', 'POST', '/password-reset', { body: { code: outstanding, password: 'a brand new passphrase 2027' } });
    expect(reset.status).toBe(422);
    expect(reset.body.errors[0].code).toBe('INVALID_CODE');
    expect(await codesIssued(client.gatewayId)).toBe(0);
    expect(await noTableHolds(client.who.email)).toEqual({});
    expect(await noTableHolds(client.username)).toEqual({});
  });

  it('R15, R17: a deleted gateway\'s username is free again', async () => {
    const client = await registerActive();
    await applyInPerson(client.who, 'delete');
    await accountOnceIt<AccountRow>(client.gatewayId, 'to be ended', (row) => row.status === 'ended');
    const next = await registerPending();
    const response = await activate(next.code, client.username.toUpperCase());
    expect(response.status).toBe(200);
  });
});

describe('R12: a gateway never activated is purged after 60 days', () => {
  afterAll(() => resetClock());

  it('R12: the purge erases the account and its codes; the code no longer works', async () => {
    const pending = await registerPending();
    await advanceClock('60d1h');
    await runJobs();
    const account = await accountOnceIt<AccountRow>(pending.gatewayId, 'to be ended', (row) => row.status === 'ended');
    expect(account.email).toBeNull();
    expect(await codesIssued(pending.gatewayId)).toBe(0);
    expect(await noTableHolds(pending.who.email)).toEqual({});
    const response = await activate(pending.code);
    expect(response.status).toBe(422);
    expect(response.body.errors[0].code).toBe('INVALID_CODE');
  });
});
