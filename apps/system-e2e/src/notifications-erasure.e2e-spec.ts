import { emailsTo } from './support/mail';
import { advanceClock, resetClock, runJobs } from './support/clock';
import { query } from './support/database';
import { newPerson } from './support/fixtures';
import { waitFor } from './support/wait-for';
import { activate, applyInPerson, daysAhead, deliveries, documentNumber, notificationsTablesHolding, register, remindersOnceKnown } from './support/notifications-fixtures';

afterAll(() => resetClock());

/** A gateway watching a passport: notifications holds its address and the document number. */
async function registerWatching(who: ReturnType<typeof newPerson>, number: string): Promise<string> {
  const gatewayId = await register(who, {
    document: { type: 'passport', number, issuingCountry: 'HU', issuedOn: '2022-01-10', expiresOn: daysAhead(400) },
  });
  await remindersOnceKnown(gatewayId, 'document-expiry', (rows) => rows.length === 4);
  await emailsTo(who.email, 'activation-code', 1);
  return gatewayId;
}

async function erasedAs(gatewayId: string) {
  const [row] = await query<{ reason: string }>('notifications', 'SELECT reason FROM erased_gateway WHERE gateway_id = $1', [gatewayId]);
  return row?.reason;
}

describe('R17: deletion is confirmed to the address on record, then every personal datum goes', () => {
  const client = newPerson();
  const passportNumber = documentNumber('PD');
  let gatewayId: string;

  beforeAll(async () => {
    gatewayId = await registerWatching(client, passportNumber);
    await activate(client);
    await emailsTo(client.email, 'activation-completed', 1);
  });

  it('before: notifications holds the address and the watched document number', async () => {
    expect(Object.keys(await notificationsTablesHolding(client.email))).toContain('recipient');
    expect(await notificationsTablesHolding(passportNumber)).toEqual({ reminder: 4 });
  });

  it('the gateway-deleted email reaches the address on record', async () => {
    const application = await applyInPerson({ kind: 'delete', person: client.person, locale: 'en' });
    expect(application).toMatchObject({ status: 'completed', gatewayId });
    const [email] = await emailsTo(client.email, 'gateway-deleted', 1);
    expect(email.subject).toBe('Your Client Gate account has been deleted');
    expect(email.text).toContain('This is the last email we send to this address');
  });

  it('afterwards no table of notifications holds the email or the document number; a tombstone remains', async () => {
    await waitFor('the deletion confirmation to be marked sent', async () => {
      const [confirmation] = await deliveries(gatewayId, 'gateway-deleted');
      return confirmation?.status === 'sent' ? confirmation : undefined;
    });
    expect(await notificationsTablesHolding(client.email)).toEqual({});
    expect(await notificationsTablesHolding(passportNumber)).toEqual({});
    expect(await erasedAs(gatewayId)).toBe('deleted');
    // What remains says which emails went, not to whom or what they said.
    const kept = await query('notifications', 'SELECT type, status, recipient, template_data FROM delivery WHERE gateway_id = $1', [gatewayId]);
    expect(kept.length).toBeGreaterThanOrEqual(3);
    expect(kept.map((row) => [row.status, row.recipient, row.template_data])).toEqual(kept.map(() => ['sent', null, {}]));
  });
});

describe('R12: a gateway never activated is purged after 60 days; notifications keeps nothing of it', () => {
  const client = newPerson();
  const passportNumber = documentNumber('PP');
  let gatewayId: string;

  beforeAll(async () => {
    gatewayId = await registerWatching(client, passportNumber);
  });

  it('after the purge no table of notifications holds the email or the document number', async () => {
    expect(Object.keys(await notificationsTablesHolding(client.email))).toContain('recipient');
    await advanceClock('61d');
    await runJobs();
    await waitFor('notifications to erase the purged gateway', async () => ((await erasedAs(gatewayId)) ? true : undefined));
    expect(await erasedAs(gatewayId)).toBe('purged');
    expect(await notificationsTablesHolding(client.email)).toEqual({});
    expect(await notificationsTablesHolding(passportNumber)).toEqual({});
  });
});
