import { newPerson } from './support/fixtures';
import { emailTo } from './support/mail';
import { activated, applyFor, ERASED, gatewayRow, LVIV, reasonCodes, registered, Who } from './support/registry-fixtures';

const unique = () => Date.now().toString(36) + Math.floor(Math.random() * 1e6).toString(36);

describe('registry: modify (R3, R18)', () => {
  const client = newPerson();
  const neighbour = newPerson();
  let gatewayId: string;
  let neighbourUsername: string;
  let married: Who;
  let clientUsername: string;
  const newEmail = `moved-${client.email}`;

  beforeAll(async () => {
    gatewayId = await registered(client);
    await registered(neighbour);
    await activated(client, `client_${unique()}`);
    neighbourUsername = await activated(neighbour, `Neighbour_${unique()}`);
  });

  it('R18: a new email address and language are recorded', async () => {
    const application = await applyFor('modify', client, { changes: { email: newEmail, locale: 'uk' } });
    expect(application).toMatchObject({ status: 'completed', gatewayId });
    expect(await gatewayRow(gatewayId)).toMatchObject({ email: newEmail, locale: 'uk', person: client.person });
  });

  it('R18 + R19: new reminder settings are recorded', async () => {
    const reminders = { enabled: false, documents: [{ type: 'id_card', number: '123456AB', expiresOn: '2031-01-31' }] };
    const application = await applyFor('modify', client, { changes: { reminders } });
    expect(application.status).toBe('completed');
    expect((await gatewayRow(gatewayId)).reminders).toEqual(reminders);
  });

  it('R15 + R18: a new valid, free username is recorded (matched case-insensitively)', async () => {
    clientUsername = `Új_Név_${unique()}`;
    const application = await applyFor('modify', client, { changes: { username: clientUsername } });
    expect(application).toMatchObject({ status: 'completed', gatewayId });
    expect(await gatewayRow(gatewayId)).toMatchObject({ username: clientUsername, username_key: clientUsername.toLowerCase() });
  });

  it('R15: an invalid username is rejected USERNAME_INVALID', async () => {
    const before = await gatewayRow(gatewayId);
    for (const username of ['ab', 'has space', 'aaaaaa']) {
      expect(reasonCodes(await applyFor('modify', client, { changes: { username } }))).toEqual(['USERNAME_INVALID']);
    }
    expect((await gatewayRow(gatewayId)).username).toBe(before.username);
  });

  it('R15: another live gateway\'s username, in any case, is rejected USERNAME_TAKEN', async () => {
    const application = await applyFor('modify', client, { changes: { username: neighbourUsername.toUpperCase() } });
    expect(reasonCodes(application)).toEqual(['USERNAME_TAKEN']);
  });

  it('R15: a gateway still pending activation cannot be given a username (GATEWAY_NOT_ACTIVE)', async () => {
    const pending = newPerson();
    const pendingId = await registered(pending);
    const application = await applyFor('modify', pending, { changes: { username: `pending_${unique()}` } });
    expect(reasonCodes(application)).toEqual(['GATEWAY_NOT_ACTIVE']);
    expect((await gatewayRow(pendingId)).username).toBeNull();
  });

  it('R1 + R18: new identity data another live gateway has are rejected GATEWAY_ALREADY_EXISTS; every reason is reported at once', async () => {
    const application = await applyFor('modify', client, { changes: { person: neighbour.person, username: 'x' } });
    expect(application.status).toBe('rejected');
    expect(reasonCodes(application).sort()).toEqual(['GATEWAY_ALREADY_EXISTS', 'USERNAME_INVALID']);
    expect((await gatewayRow(gatewayId)).person).toEqual(client.person);
  });

  it('R18: new identity data (a new name after marriage) are recorded under a new identity', async () => {
    const before = await gatewayRow(gatewayId);
    married = { ...client, person: { ...client.person, familyName: `Nagy-${unique()}` } };
    const application = await applyFor('modify', client, { changes: { person: married.person } }, LVIV);
    expect(application).toMatchObject({ status: 'completed', gatewayId });
    const after = await gatewayRow(gatewayId);
    expect(after.person).toEqual(married.person);
    expect(after.identity_key).not.toBe(before.identity_key);
  });

  it('R3 + R18: the old identity no longer finds the gateway', async () => {
    expect(reasonCodes(await applyFor('modify', client, { changes: { locale: 'en' } }))).toEqual(['GATEWAY_NOT_FOUND']);
  });

  it('R3 + R17 + R18: a later delete by the new identity finds the gateway', async () => {
    const deletion = await applyFor('delete', married);
    expect(deletion).toMatchObject({ status: 'completed', gatewayId });
    expect(await gatewayRow(gatewayId)).toMatchObject({ ...ERASED, status: 'deleted' });
  });

  it('R15 + R18: a deleted gateway\'s username is free again', async () => {
    const application = await applyFor('modify', neighbour, { changes: { username: clientUsername.toUpperCase() } });
    expect(application.status).toBe('completed');
  });

  it('R18: the email change was confirmed to both the old and the new address', async () => {
    await expect(emailTo(client.email, 'email-changed')).resolves.toBeDefined();
    await expect(emailTo(newEmail, 'email-changed')).resolves.toBeDefined();
  });
});
