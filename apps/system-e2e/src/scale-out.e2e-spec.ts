import { spawnService, waitUntilReady, RunningService, ServiceName } from '@client-gate/tools/system/services';
import { join } from 'node:path';
import { kafkaFor } from '@client-gate/tools/ops/kafka-ops';
import { query } from './support/database';
import { e2eEnvironment } from './support/environment';
import { bookAppointment, decided, newPerson, registerBody } from './support/fixtures';
import { call, staffToken } from './support/http';
import { emailTo, mailSink, header } from './support/mail';
import { waitFor } from './support/wait-for';

const SECOND: ServiceName[] = ['registry', 'activation', 'notifications'];

/** SPEC §7, §9: more instances join the same consumer group and share the work; nothing is done twice. */
describe('scale-out: two instances of each consuming service', () => {
  const second = new Map<ServiceName, RunningService>();
  const token = staffToken();

  beforeAll(async () => {
    const environment = e2eEnvironment();
    const logDir = join(__dirname, '..', '..', '..', 'test-artifacts', 'logs-second-instances');
    for (const [index, name] of SECOND.entries()) {
      const port = Number(new URL(environment.urls[name]).port) + 500 + index;
      second.set(name, spawnService(name, environment.serviceEnv[name], logDir, port));
    }
    await Promise.all([...second.values()].map((service) => waitUntilReady(service)));
  }, 120_000);

  afterAll(async () => {
    for (const service of second.values()) await service.stop();
  });

  it('both instances are members of their service\'s consumer group, with partitions shared', async () => {
    const admin = kafkaFor(e2eEnvironment().kafkaBrokers.split(',')).admin();
    await admin.connect();
    try {
      const { groups } = await waitFor('both members to join', async () => {
        const described = await admin.describeGroups(SECOND);
        return described.groups.every((group) => group.state === 'Stable' && group.members.length === 2) ? described : undefined;
      }, 60_000);
      for (const group of groups) expect(group.members).toHaveLength(2);
    } finally {
      await admin.disconnect();
    }
  });

  it('30 registrations each get exactly one activation code email', async () => {
    const people = Array.from({ length: 30 }, () => newPerson());
    const applications = await Promise.all(
      people.map(async (who) => {
        const response = await call('intake', 'POST', '/applications', { token, body: registerBody(await bookAppointment(token), who) });
        expect(response.status).toBe(202);
        return response.body.id as string;
      }),
    );
    for (const id of applications) expect(await decided(id, token)).toMatchObject({ status: 'completed' });
    for (const who of people) await emailTo(who.email, 'activation-code');
    const emails = await mailSink().list();
    for (const who of people) {
      const codes = emails.filter((email) => email.to.some((to) => to.address === who.email) && header(email, 'X-Notification-Type') === 'activation-code');
      expect(codes).toHaveLength(1);
    }
    const [{ count }] = await query<{ count: string }>('activation', 'SELECT count(*) FROM one_time_code WHERE gateway_id IN (SELECT gateway_id FROM account WHERE email = ANY($1))', [people.map((who) => who.email)]);
    expect(Number(count)).toBe(30);
  }, 120_000);

  it('SIGTERM stops an instance cleanly: it exits 0, leaves its outbox empty, and the other instance carries on', async () => {
    const registry = second.get('registry')!;
    const exited = new Promise<number | null>((resolve) => registry.process.once('exit', (code) => resolve(code)));
    registry.process.kill('SIGTERM');
    expect(await exited).toBe(0);
    const who = newPerson();
    const response = await call('intake', 'POST', '/applications', { token, body: registerBody(await bookAppointment(token), who) });
    expect(await decided(response.body.id, token)).toMatchObject({ status: 'completed' });
    const outbox = await query('registry', 'SELECT count(*)::int AS n FROM outbox');
    expect(outbox).toEqual([{ n: 0 }]);
  }, 120_000);
});
