import { SERVICE_NAMES } from '@client-gate/tools/system/services';
import { advanceClock, platformNow, resetClock, runJobs } from './support/clock';
import { query } from './support/database';
import { newPerson } from './support/fixtures';
import { enrolTotp, forgottenPassword } from './support/activation-fixtures';
import { call, staffToken } from './support/http';
import { emailTo } from './support/mail';
import { activated, applyFor, Who } from './support/registry-fixtures';
import { waitFor } from './support/wait-for';

const passportNumbered = (number: string) => ({ type: 'passport', number, issuingCountry: 'HU', issuedOn: '2022-01-01', expiresOn: '2032-01-01' });
let documents = 0;
const documentNumber = () => `ER${Date.now().toString(36).toUpperCase()}${documents++}`;

/** Registers `who` with a known document number (watched for reminders by default), returns the gateway id. */
async function registeredWith(who: Who, number: string): Promise<string> {
  const application = await applyFor('register', who, { document: passportNumbered(number) });
  expect(application.status).toBe('completed');
  return application.gatewayId;
}

/** Every row of every table of every service's database, as text: where a person's data could hide. */
async function everyRow(): Promise<{ service: string; table: string; row: string }[]> {
  const rows: { service: string; table: string; row: string }[] = [];
  for (const service of SERVICE_NAMES) {
    const tables = await query<{ name: string }>(service, `SELECT tablename AS name FROM pg_tables WHERE schemaname = 'public'`);
    for (const { name } of tables) {
      for (const { row } of await query<{ row: string }>(service, `SELECT row_to_json(t)::text AS row FROM "${name}" t`)) {
        rows.push({ service, table: name, row: row.normalize('NFC') });
      }
    }
  }
  return rows;
}

function traces(who: Who, documentNumber: string) {
  return [who.person.familyName, who.email, documentNumber];
}

async function whereFound(needles: string[]) {
  const found = (await everyRow()).filter(({ row }) => needles.some((needle) => row.includes(needle)));
  return found.map(({ service, table, row }) => `${service}.${table}: ${row.slice(0, 200)}`);
}

/** The gateway's rows in activation's second-factor, session and account-security tables (R22–R26), by table. */
async function factorRows(gatewayId: string): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (const table of ['second_factor', 'pending_factor', 'login_challenge', 'client_session', 'account_activity', 'known_browser', 'disavowal_token']) {
    const [{ count }] = await query<{ count: string }>('activation', `SELECT count(*) FROM ${table} WHERE gateway_id = $1`, [gatewayId]);
    if (Number(count) > 0) counts[table] = Number(count);
  }
  return counts;
}

/** R12, R17, SPEC §8: afterwards no table of any service holds the person's name, email or document number. */
describe('erasure in every service', () => {
  afterAll(() => resetClock());

  it('R17: after delete, no table holds the name, email or document number (the confirmation is sent first)', async () => {
    const who = newPerson();
    const number = documentNumber();
    const gatewayId = await registeredWith(who, number);
    const username = await activated(who, `erase_${Date.now().toString(36)}`);
    const password = 'a long and unusual passphrase 7';
    // R22: a factor enrolled, a session open and a login half-way: all of it goes with the person.
    const first = await call('activation', 'POST', '/login', { body: { username, password } });
    expect(first.status).toBe(200);
    const { confirmed } = await enrolTotp(first.body.enrolmentToken);
    const sessionToken = confirmed.body.sessionToken;
    expect((await call('activation', 'POST', '/login', { body: { username, password } })).body.status).toBe('second_factor_required');
    // R26: the enrolment signed in from a new browser: activity (enrolled, signed in), the browser and a "not me" link.
    expect(await factorRows(gatewayId)).toEqual({
      second_factor: 1, login_challenge: 1, client_session: 1, account_activity: 2, known_browser: 1, disavowal_token: 1,
    });
    // A forgotten-password request is on record too (its address goes once it is handled).
    expect((await forgottenPassword(who.email)).status).toBe(202);
    await emailTo(who.email, 'password-reset-code');
    // The person's data are on record before: the scan does find them.
    expect((await whereFound(traces(who, number))).length).toBeGreaterThan(0);

    const deletion = await applyFor('delete', who, { document: passportNumbered(number) });
    expect(deletion).toMatchObject({ status: 'completed', gatewayId });
    await emailTo(who.email, 'gateway-deleted');
    await waitFor('login to stop', async () => ((await call('activation', 'POST', '/login', { body: { username, password } })).status === 401 ? true : undefined));

    const left = await waitFor('every service to erase the person', async () => {
      const found = await whereFound(traces(who, number));
      return found.length === 0 ? found : undefined;
    }, 30_000).catch(async () => whereFound(traces(who, number)));
    expect(left).toEqual([]);
    expect(await factorRows(gatewayId)).toEqual({});
    expect((await call('activation', 'GET', '/account', { token: sessionToken })).status).toBe(401);
  });

  it('R12: after the purge at 60 days, no table holds the name, email or document number', async () => {
    const who = newPerson();
    const number = documentNumber();
    const gatewayId = await registeredWith(who, number);
    await emailTo(who.email, 'activation-code');
    expect((await whereFound(traces(who, number))).length).toBeGreaterThan(0);

    await advanceClock('61d');
    await runJobs();
    const left = await waitFor('every service to erase the purged person', async () => {
      const found = await whereFound(traces(who, number));
      return found.length === 0 ? found : undefined;
    }, 30_000).catch(async () => whereFound(traces(who, number)));
    expect(left).toEqual([]);
    const [tombstone] = await query<{ status: string }>('registry', 'SELECT status FROM gateway WHERE id = $1', [gatewayId]);
    expect(tombstone.status).toBe('purged');
  });

  it('appointments never used: 30 days after their start no table holds the applicant\'s name or contact; a younger one keeps them', async () => {
    const book = async (applicantName: string, contact: string, startsInDays: number) => {
      const startsAt = new Date(platformNow().getTime() + startsInDays * 24 * 60 * 60 * 1000).toISOString();
      const response = await call('intake', 'POST', '/appointments', { token: staffToken(), body: { channel: 'email', contact, applicantName, startsAt } });
      expect(response.status).toBe(201);
    };
    const old = { name: `Unused-${documentNumber()}`, contact: `unused-${documentNumber().toLowerCase()}@example.org` };
    const young = { name: `Younger-${documentNumber()}`, contact: `younger-${documentNumber().toLowerCase()}@example.org` };
    await book(old.name, old.contact, 0);
    await book(young.name, young.contact, 2);

    await advanceClock('31d');
    await runJobs();
    expect(await whereFound([old.name, old.contact])).toEqual([]);
    expect(await whereFound([young.name, young.contact])).toHaveLength(1);
  });
});
