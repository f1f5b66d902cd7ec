import { Client } from 'pg';
import { registerPending } from './support/activation-fixtures';
import { query } from './support/database';
import { e2eEnvironment } from './support/environment';
import { metrics, sample } from './support/metrics';
import { waitFor } from './support/wait-for';

const intakeMetric = async (name: string) => sample(await metrics('intake'), name, {});

/** The backends of intake's database that listen for the outbox's notifications (one per intake instance). */
async function listeners(): Promise<number[]> {
  const rows = await query<{ pid: number }>(
    'intake',
    "SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND application_name = 'outbox-listener'",
  );
  return rows.map((row) => row.pid);
}

describe('outbox wake-ups: commits notify the relay, which polls only as a safety net', () => {
  it('the relay listens again after its connection is ended (as a Postgres restart ends it), and a notification wakes it', async () => {
    const before = await waitFor('intake to listen for outbox notifications', async () => {
      const pids = await listeners();
      return pids.length > 0 && (await intakeMetric('outbox_listening')) === 1 ? pids : undefined;
    });
    await query('intake', 'SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE pid = ANY($1)', [before]);
    const after = await waitFor('intake to listen again on a new connection', async () => {
      const pids = (await listeners()).filter((pid) => !before.includes(pid));
      return pids.length > 0 && (await intakeMetric('outbox_listening')) === 1 ? pids : undefined;
    });
    expect(after).not.toEqual(before);

    const wakeUps = (await intakeMetric('outbox_wake_ups_total')) ?? 0;
    await query('intake', 'NOTIFY outbox');
    await waitFor('the notification to wake the relay', async () => (((await intakeMetric('outbox_wake_ups_total')) ?? 0) > wakeUps ? true : undefined));
  });

  it('a registration notifies the outbox channel of intake when it commits, and goes through to the activation email', async () => {
    const listener = new Client({ connectionString: e2eEnvironment().databases.intake });
    await listener.connect();
    try {
      const notified = new Promise<string>((resolve) => listener.on('notification', (message) => resolve(message.channel)));
      await listener.query('LISTEN outbox');
      const { code } = await registerPending();
      expect(code).toMatch(/^[0-9A-Z]{4}(-[0-9A-Z]{4}){3}$/);
      await expect(notified).resolves.toBe('outbox');
    } finally {
      await listener.end();
    }
  });
});
