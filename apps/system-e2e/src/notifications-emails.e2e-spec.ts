import { query } from './support/database';
import { newPerson } from './support/fixtures';
import { call } from './support/http';
import { codeIn, emailsTo, header } from './support/mail';
import { activate, applyInPerson, deliveries, register, reminders, remindersOnceKnown } from './support/notifications-fixtures';

describe('R21: the activation-code email in the client\'s language (SPEC §4)', () => {
  it.each([
    ['hu', 'Ügyfélkapu aktiváló kód', 'Tisztelt Ügyfelünk!', 'A kód érvényes eddig:'],
    ['en', 'Your Client Gate activation code', 'Dear Client,', 'The code is valid until'],
    ['uk', 'Код активації Клієнтського шлюзу (Ügyfélkapu)', 'Шановний клієнте!', 'Код дійсний до'],
  ])('%s: subject, text and HTML in that language, with the code, its expiry and the activation link', async (locale, subject, greeting, validity) => {
    const who = newPerson();
    await register(who, { locale });
    const [email] = await emailsTo(who.email, 'activation-code', 1);
    expect(email.subject).toBe(subject);
    expect(email.text!.startsWith(greeting)).toBe(true);
    expect(email.text).toContain(validity);
    expect(email.text).toMatch(new RegExp(`http://localhost:\\d+/activate\\?lang=${locale}`));
    expect(email.html).toContain(`<html lang="${locale}">`);
    expect(email.html).toContain(greeting);
    expect(email.html).toContain(codeIn(email));
  });

  it('without a language the email is Hungarian, the default', async () => {
    const who = newPerson();
    await register(who, { locale: undefined });
    const [email] = await emailsTo(who.email, 'activation-code', 1);
    expect(email.subject).toBe('Ügyfélkapu aktiváló kód');
    expect(email.html).toContain('<html lang="hu">');
    expect(email.text).toMatch(/\/activate\?lang=hu/);
  });
});

describe('security emails to the client (R10, R13, R18, SPEC §8)', () => {
  const client = newPerson();
  const newAddress = `moved-${client.email}`;
  let gatewayId: string;
  let username: string;

  beforeAll(async () => {
    gatewayId = await register(client, { locale: 'en' });
    ({ username } = await activate(client));
  });

  it('R10: activation is confirmed with the username and the password\'s validity (activation-completed)', async () => {
    const [email] = await emailsTo(client.email, 'activation-completed', 1);
    expect(email.subject).toBe('Your Client Gate account is active');
    expect(email.text).toContain(`Username: ${username}`);
    expect(email.text).toContain('Password valid until:');
    expect(header(email, 'X-Notification-Id')).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('R13: a password reset is confirmed (password-changed), and R20 reminders follow the new password', async () => {
    const before = await remindersOnceKnown(gatewayId, 'password-expiry', (rows) => rows.length === 3);
    expect(await call('activation', 'POST', '/forgotten-password', { body: { email: client.email } })).toMatchObject({ status: 202 });
    const [codeEmail] = await emailsTo(client.email, 'password-reset-code', 1);
    expect(codeEmail.subject).toBe('Your Client Gate password reset code');
    expect(codeEmail.text).toMatch(/http:\/\/localhost:\d+\/reset-password\?lang=en/);

    const reset = await call('activation', 'POST', '/password-reset', {
      body: { code: codeIn(codeEmail), password: 'another long passphrase 2028', passwordValidityDays: 100 },
    });
    expect(reset.status).toBe(200);
    const [email] = await emailsTo(client.email, 'password-changed', 1);
    expect(email.subject).toBe('Your Client Gate password has been changed');
    expect(email.text).toMatch(/http:\/\/localhost:\d+\/forgotten-password\?lang=en/);

    const newExpiry = reset.body.passwordExpiresAt.slice(0, 10);
    const after = await remindersOnceKnown(gatewayId, 'password-expiry', (rows) => rows.every((row) => row.expires_on === newExpiry));
    expect(after.map((row) => row.threshold_days)).toEqual([30, 7, 1]);
    expect(after.map((row) => row.expires_on)).not.toContain(before[0].expires_on);
  });

  it('R18: an email change is confirmed to the old and to the new address (email-changed), and told once', async () => {
    const application = await applyInPerson({ kind: 'modify', person: client.person, locale: 'en', changes: { email: newAddress } });
    expect(application).toMatchObject({ status: 'completed', gatewayId });

    const [toOld] = await emailsTo(client.email, 'email-changed', 1);
    const [toNew] = await emailsTo(newAddress, 'email-changed', 1);
    expect(toOld.subject).toBe('The email address of your Client Gate has been changed');
    expect(toOld.text).toContain('We will no longer write to this address');
    expect(toNew.text).toContain('From now on we will send Client Gate notifications here');
    expect(await deliveries(gatewayId, 'gateway-modified')).toEqual([]);
    const [recipient] = await query('notifications', 'SELECT email FROM recipient WHERE gateway_id = $1', [gatewayId]);
    expect(recipient).toEqual({ email: newAddress });
  });

  it('R18, R19: switching reminders off is confirmed to the address on record (gateway-modified) and drops the unsent ones', async () => {
    expect((await reminders(gatewayId, 'document-expiry')).length).toBeGreaterThan(0);
    const application = await applyInPerson({
      kind: 'modify',
      person: client.person,
      locale: 'en',
      changes: { reminders: { enabled: false, documents: [] } },
    });
    expect(application).toMatchObject({ status: 'completed', gatewayId });

    const [email] = await emailsTo(newAddress, 'gateway-modified', 1);
    expect(email.subject).toBe('The data of your Client Gate have been changed');
    expect(email.text).toContain("- the reminders about your documents' expiry (now switched off)");
    expect(await reminders(gatewayId, 'document-expiry')).toEqual([]);
  });
});
