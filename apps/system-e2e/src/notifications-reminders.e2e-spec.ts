import { emailsTo } from './support/mail';
import { resetClock, runJobs, setClock } from './support/clock';
import { newPerson } from './support/fixtures';
import { activate, daysAhead, deliveries, documentNumber, noonOf, register, reminders, remindersOnceKnown, shiftDay } from './support/notifications-fixtures';

// The clock only moves forward in this file: each scenario starts from where the previous one left it.
afterAll(() => resetClock());

/** Moves the platform to noon of `day` and runs every scheduled job (SPEC §6). */
async function runJobsOn(day: string): Promise<void> {
  await setClock(noonOf(day));
  await runJobs();
}

describe('R19 document-expiry reminders', () => {
  const passportHolder = newPerson();
  const idCardHolder = newPerson();
  const optedOut = newPerson();
  const expiresOn = daysAhead(200);
  const passport = { type: 'passport', number: documentNumber('PA'), issuingCountry: 'HU', issuedOn: '2022-01-10', expiresOn };
  const idCard = { type: 'id_card', number: documentNumber('ID'), issuingCountry: 'HU', issuedOn: '2022-01-10', expiresOn };
  let passportGateway: string;
  let idCardGateway: string;
  let optedOutGateway: string;

  beforeAll(async () => {
    // Reminders are on by default and watch the document presented at the consulate.
    passportGateway = await register(passportHolder, { document: passport });
    idCardGateway = await register(idCardHolder, { document: idCard });
    optedOutGateway = await register(optedOut, {
      document: { ...passport, number: documentNumber('PA') },
      reminders: { enabled: false, documents: [{ type: 'passport', number: documentNumber('PA'), expiresOn }] },
    });
    // Active gateways are never purged (R12), however far the clock moves.
    await Promise.all([activate(passportHolder), activate(idCardHolder), activate(optedOut)]);
  });

  it('schedules 180, 60 and 30 days before a passport expires and on the day; an ID card gets no 180-day one; disabled gets none', async () => {
    const passportReminders = await remindersOnceKnown(passportGateway, 'document-expiry', (rows) => rows.length > 0);
    expect(passportReminders.map((row) => [row.document_type, row.threshold_days, row.due_on, row.status])).toEqual([
      ['passport', 180, shiftDay(expiresOn, -180), 'scheduled'],
      ['passport', 60, shiftDay(expiresOn, -60), 'scheduled'],
      ['passport', 30, shiftDay(expiresOn, -30), 'scheduled'],
      ['passport', 0, expiresOn, 'scheduled'],
    ]);
    const idCardReminders = await remindersOnceKnown(idCardGateway, 'document-expiry', (rows) => rows.length > 0);
    expect(idCardReminders.map((row) => [row.document_type, row.threshold_days])).toEqual([
      ['id_card', 60],
      ['id_card', 30],
      ['id_card', 0],
    ]);
    expect(await remindersOnceKnown(optedOutGateway, 'document-expiry')).toEqual([]);
  });

  it('180 days before: one email for the passport, none for the ID card, none when disabled; running jobs again sends nothing more', async () => {
    await runJobsOn(shiftDay(expiresOn, -180));
    const [email] = await emailsTo(passportHolder.email, 'document-expiry', 1);
    expect(email.subject).toBe('Reminder: your passport expires in 180 days');
    expect(email.text).toContain(`Valid until: ${longDate(expiresOn)}`);
    expect(email.html).toContain('<html lang="en">');

    await runJobs();
    expect(await deliveries(passportGateway, 'document-expiry')).toHaveLength(1);
    expect(await deliveries(idCardGateway, 'document-expiry')).toHaveLength(0);
    expect(await deliveries(optedOutGateway, 'document-expiry')).toHaveLength(0);
  });

  it.each([
    [60, 2, 'Reminder: your passport expires in 60 days', 'Reminder: your identity card expires in 60 days'],
    [30, 3, 'Reminder: your passport expires in 30 days', 'Reminder: your identity card expires in 30 days'],
    [0, 4, 'Reminder: your passport expires today', 'Reminder: your identity card expires today'],
  ])('%p days before: one more email for each document, each once', async (days, passportCount, passportSubject, idCardSubject) => {
    await runJobsOn(shiftDay(expiresOn, -days));
    const passportEmails = await emailsTo(passportHolder.email, 'document-expiry', passportCount);
    expect(passportEmails[passportCount - 1].subject).toBe(passportSubject);
    const idCardEmails = await emailsTo(idCardHolder.email, 'document-expiry', passportCount - 1);
    expect(idCardEmails[passportCount - 2].subject).toBe(idCardSubject);

    await runJobs();
    expect(await deliveries(passportGateway, 'document-expiry')).toHaveLength(passportCount);
    expect(await deliveries(idCardGateway, 'document-expiry')).toHaveLength(passportCount - 1);
    expect(await deliveries(optedOutGateway, 'document-expiry')).toHaveLength(0);
  });

  it('each reminder was sent exactly once, and the mail sink got no more than that', async () => {
    expect((await reminders(passportGateway, 'document-expiry')).map((row) => row.status)).toEqual(['sent', 'sent', 'sent', 'sent']);
    expect((await reminders(idCardGateway, 'document-expiry')).map((row) => row.status)).toEqual(['sent', 'sent', 'sent']);
    expect(await emailsTo(passportHolder.email, 'document-expiry', 4)).toHaveLength(4);
    expect(await emailsTo(idCardHolder.email, 'document-expiry', 3)).toHaveLength(3);
  });
});

describe('R19 when the clock jumps over several thresholds', () => {
  const holder = newPerson();
  let gatewayId: string;
  let expiresOn: string;

  beforeAll(async () => {
    expiresOn = daysAhead(200);
    gatewayId = await register(holder, {
      document: { type: 'passport', number: documentNumber('PA'), issuingCountry: 'HU', issuedOn: '2022-01-10', expiresOn },
    });
    await activate(holder);
    await remindersOnceKnown(gatewayId, 'document-expiry', (rows) => rows.length === 4);
  });

  it('jumping past the 180- and 60-day thresholds sends one reminder, the latest, and marks the stale one skipped', async () => {
    await runJobsOn(shiftDay(expiresOn, -45));
    const [email] = await emailsTo(holder.email, 'document-expiry', 1);
    expect(email.subject).toBe('Reminder: your passport expires in 45 days');

    await runJobs();
    expect(await deliveries(gatewayId, 'document-expiry')).toHaveLength(1);
    expect((await reminders(gatewayId, 'document-expiry')).map((row) => [row.threshold_days, row.status])).toEqual([
      [180, 'skipped'],
      [60, 'sent'],
      [30, 'scheduled'],
      [0, 'scheduled'],
    ]);
  });
});

describe('R20 password-expiry reminders', () => {
  const client = newPerson();
  let gatewayId: string;
  let expiresOn: string;

  beforeAll(async () => {
    gatewayId = await register(client);
    const { passwordExpiresAt } = await activate(client, 40);
    expiresOn = passwordExpiresAt.slice(0, 10);
  });

  it('a password valid 40 days is reminded 30, 7 and 1 day before it expires', async () => {
    const scheduled = await remindersOnceKnown(gatewayId, 'password-expiry', (rows) => rows.length > 0);
    expect(scheduled.map((row) => [row.threshold_days, row.due_on, row.status])).toEqual([
      [30, shiftDay(expiresOn, -30), 'scheduled'],
      [7, shiftDay(expiresOn, -7), 'scheduled'],
      [1, shiftDay(expiresOn, -1), 'scheduled'],
    ]);
  });

  it.each([
    [30, 1, 'Reminder: your Client Gate password expires in 30 days'],
    [7, 2, 'Reminder: your Client Gate password expires in 7 days'],
    [1, 3, 'Reminder: your Client Gate password expires in 1 day'],
  ])('%p day(s) before: one email with a link to the forgotten-password page, once', async (days, count, subject) => {
    await runJobsOn(shiftDay(expiresOn, -days));
    const emails = await emailsTo(client.email, 'password-expiry', count);
    expect(emails[count - 1].subject).toBe(subject);
    expect(emails[count - 1].text).toMatch(/http:\/\/localhost:\d+\/forgotten-password\?lang=en/);

    await runJobs();
    expect(await deliveries(gatewayId, 'password-expiry')).toHaveLength(count);
  });
});

function longDate(day: string): string {
  return new Intl.DateTimeFormat('en-GB', { dateStyle: 'long', timeZone: 'UTC' }).format(new Date(day));
}
