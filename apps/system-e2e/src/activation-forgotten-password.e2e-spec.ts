import { spawnService, waitUntilReady } from '@client-gate/tools/system/services';
import { createHmac } from 'node:crypto';
import { once } from 'node:events';
import { join } from 'node:path';
import { Client } from 'pg';
import { codeEmailed, forgottenPassword, registerActive } from './support/activation-fixtures';
import { advanceClock, resetClock, runJobs } from './support/clock';
import { query } from './support/database';
import { e2eEnvironment } from './support/environment';
import { emailsTo, header, mailSink } from './support/mail';
import { waitFor } from './support/wait-for';

/** The keyed hash under which activation counts an address's requests. */
function addressKey(email: string): string {
  return createHmac('sha256', Buffer.from(e2eEnvironment().secrets.CODE_HASH_KEY, 'base64'))
    .update(`forgotten-password|${email.toLowerCase()}`)
    .digest('hex');
}

interface RequestCounts {
  requests: number;
  handled: number;
  served: number;
  withAddress: number;
}

async function requestsOf(email: string): Promise<RequestCounts> {
  const [row] = await query<Record<keyof RequestCounts, string>>(
    'activation',
    `SELECT count(*) AS requests, count(handled_at) AS handled, count(*) FILTER (WHERE served) AS served, count(email) AS "withAddress"
       FROM forgotten_password_request WHERE address_key = $1`,
    [addressKey(email)],
  );
  return { requests: Number(row.requests), handled: Number(row.handled), served: Number(row.served), withAddress: Number(row.withAddress) };
}

async function resetCodeEmails(email: string): Promise<number> {
  return (await mailSink().list()).filter(
    (mail) => mail.to.some((to) => to.address === email) && header(mail, 'X-Notification-Type') === 'password-reset-code',
  ).length;
}

/** R13, SPEC §8: a forgotten-password request is stored before its 202, and an address gets at most 3 code emails an hour. */
describe('forgotten password: nothing lost after the answer, at most 3 an hour', () => {
  afterAll(() => resetClock());

  it('a request answered 202 is handled even when the instance that answered is killed at once', async () => {
    const client = await registerActive();
    const environment = e2eEnvironment();
    const port = Number(new URL(environment.urls.activation).port) + 600;
    const logDir = join(__dirname, '..', '..', '..', 'test-artifacts', 'logs-forgotten-password');
    const second = spawnService('activation', environment.runtime, environment.serviceEnv.activation, logDir, port);
    const blocker = new Client({ connectionString: environment.databases.activation });
    try {
      await waitUntilReady(second);
      await blocker.connect();
      // The account held, so that the instance which takes the request cannot finish it before it dies.
      await blocker.query('BEGIN');
      await blocker.query('SELECT 1 FROM account WHERE gateway_id = $1 FOR UPDATE', [client.gatewayId]);
      const answer = await fetch(`${second.url}/forgotten-password`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email: client.who.email }),
      });
      expect(answer.status).toBe(202);
      await waitFor('the request to wait for the account', async () => {
        const waiting = await blocker.query(
          "SELECT 1 FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock' AND pid <> pg_backend_pid()",
        );
        return waiting.rowCount ? true : undefined;
      });
      const exited = once(second.process, 'exit');
      second.process.kill('SIGKILL');
      await exited;
      await blocker.query('ROLLBACK');
    } finally {
      await blocker.end();
      await second.stop();
    }
    await codeEmailed(client.who.email, 'password-reset-code', 1);
    await waitFor('the request to be handled', async () => ((await requestsOf(client.who.email)).handled === 1 ? true : undefined));
  }, 120_000);

  it('five requests in an hour: all answered 202 {}, three served; the address is kept only until handled; an hour later one is served again', async () => {
    const client = await registerActive();
    for (let request = 0; request < 5; request++) {
      const answer = await forgottenPassword(client.who.email);
      expect({ status: answer.status, body: answer.body }).toEqual({ status: 202, body: {} });
    }
    const counts = await waitFor('the five requests to be handled', async () => {
      const now = await requestsOf(client.who.email);
      return now.handled === 5 ? now : undefined;
    });
    expect(counts).toEqual({ requests: 5, handled: 5, served: 3, withAddress: 0 });
    await emailsTo(client.who.email, 'password-reset-code', 3);
    expect(await resetCodeEmails(client.who.email)).toBe(3);

    // An hour on, the requests no longer count and the job forgets them.
    await advanceClock('61m');
    await runJobs();
    expect((await requestsOf(client.who.email)).requests).toBe(0);
    expect((await forgottenPassword(client.who.email)).status).toBe(202);
    await emailsTo(client.who.email, 'password-reset-code', 4);
  });
});
