import { RunningService, SERVICE_NAMES, ServiceName, spawnService, waitUntilReady } from '@client-gate/tools/system/services';
import { AssignerProtocol } from 'kafkajs';
import { join } from 'node:path';
import { kafkaFor } from '@client-gate/tools/ops/kafka-ops';
import { query } from './support/database';
import { e2eEnvironment } from './support/environment';
import { bookAppointment, decided, newPerson, registerBody } from './support/fixtures';
import { call, staffToken } from './support/http';
import { emailTo, mailSink, header } from './support/mail';
import { metrics, sampleSum } from './support/metrics';
import { waitFor } from './support/wait-for';
import { signIn, startDeskInstance } from './support/desk';
import { launchChromium } from './support/pages-browser';

/** Both instances of every service: the suite's own and the one started here. */
function instances(second: Map<ServiceName, RunningService>): { service: ServiceName; instance: string; url: URL }[] {
  return SERVICE_NAMES.flatMap((service) => [
    { service, instance: 'first', url: new URL(e2eEnvironment().urls[service]) },
    { service, instance: 'second', url: new URL(second.get(service)!.url) },
  ]);
}

/** Events this instance applied, over all the topics it consumes. */
async function applied(url: URL): Promise<number> {
  return sampleSum(await metrics(url), 'events_consumed_total', { outcome: 'applied' });
}

/** SPEC §7, §9: more instances join the same consumer group and share the work; nothing is done twice. */
describe('scale-out: two instances of every service', () => {
  const second = new Map<ServiceName, RunningService>();
  const token = staffToken();

  beforeAll(async () => {
    const environment = e2eEnvironment();
    const logDir = join(__dirname, '..', '..', '..', 'test-artifacts', 'logs-second-instances');
    for (const [index, name] of SERVICE_NAMES.entries()) {
      const port = Number(new URL(environment.urls[name]).port) + 500 + index;
      second.set(name, spawnService(name, environment.runtime, environment.serviceEnv[name], logDir, port));
    }
    await Promise.all([...second.values()].map((service) => waitUntilReady(service)));
  }, 120_000);

  afterAll(async () => {
    for (const service of second.values()) await service.stop();
  });

  it('both instances of each service are members of its consumer group, each holding partitions', async () => {
    const admin = kafkaFor(e2eEnvironment().kafkaBrokers.split(',')).admin();
    await admin.connect();
    try {
      const { groups } = await waitFor('both members of every group to join', async () => {
        const described = await admin.describeGroups([...SERVICE_NAMES]);
        return described.groups.every((group) => group.state === 'Stable' && group.members.length === 2) ? described : undefined;
      }, 60_000);
      const idle = groups.flatMap((group) => group.members
        .map((member) => ({ group: group.groupId, member: member.clientHost, assignment: AssignerProtocol.MemberAssignment.decode(member.memberAssignment)?.assignment ?? {} }))
        .filter(({ assignment }) => Object.values(assignment).flat().length === 0));
      expect(idle).toEqual([]);
    } finally {
      await admin.disconnect();
    }
  });

  it('30 registrations, sent to both intakes: each instance of each service applies some of the events, each person gets exactly one activation code email', async () => {
    const before = new Map(await Promise.all(instances(second).map(async ({ url }) => [url.href, await applied(url)] as const)));
    const people = Array.from({ length: 30 }, () => newPerson());
    const intakes = [e2eEnvironment().urls.intake, second.get('intake')!.url];
    const applications = await Promise.all(
      people.map(async (who, index) => {
        const response = await fetch(`${intakes[index % 2]}/applications`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
          body: JSON.stringify(registerBody(await bookAppointment(token), who)),
        });
        expect(response.status).toBe(202);
        return ((await response.json()) as { id: string }).id;
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
    // Each instance holds half the partitions, so each applies part of the 30 people's events (keys spread them).
    const shares = await Promise.all(instances(second).map(async ({ service, instance, url }) => ({ service, instance, applied: (await applied(url)) - before.get(url.href)! })));
    expect(shares.filter((share) => share.applied === 0)).toEqual([]);
  }, 180_000);

  it('R25: two desk instances share sessions and sign-ins: a sign-in started at one ends at the other, and either serves the officer', async () => {
    const deskUrl = e2eEnvironment().deskUrl;
    const desk = await startDeskInstance(Number(new URL(deskUrl).port) + 41, 'desk-second');
    const browser = await launchChromium();
    try {
      const page = await (await browser.newContext()).newPage();
      // Started at the second instance; the provider sends the browser back to the first (the public URL).
      await signIn(page, 'kyiv-officer', desk.url);
      expect(page.url().startsWith(deskUrl)).toBe(true);
      for (const url of [desk.url, deskUrl, desk.url]) {
        const response = await page.goto(`${url}/appointments`);
        expect({ url, status: response?.status(), path: new URL(page.url()).pathname }).toEqual({ url, status: 200, path: '/appointments' });
        expect(await page.textContent('.officer')).toContain('HU-KYIV');
      }
      // The session's CSRF token is the same whichever instance renders the form, so a form posts to either.
      const csrf = async (url: string) => {
        await page.goto(`${url}/appointments`);
        return page.getAttribute('form[action="/appointments"] input[name="csrf"]', 'value');
      };
      expect(await csrf(deskUrl)).toBe(await csrf(desk.url));
      await page.fill('#time', '12:45');
      await page.fill('#applicantName', 'Scale Out');
      await page.selectOption('#channel', 'phone');
      await page.fill('#contact', '+380441119988');
      await Promise.all([page.waitForURL(/booked=/), page.click('form[action="/appointments"] button[type="submit"]')]);
      expect(page.url().startsWith(desk.url)).toBe(true);
    } finally {
      await browser.close();
      await desk.stop();
    }
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
