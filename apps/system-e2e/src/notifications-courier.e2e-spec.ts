import { encodeEvent, GatewayDeleted, Topic } from '@client-gate/contracts';
import { ensureDatabases } from '@client-gate/tools/infra/postgres';
import { BrokerHandle, startBroker } from '@client-gate/tools/kafka/broker';
import { kafkaFor } from '@client-gate/tools/ops/kafka-ops';
import { RunningService, spawnService, waitUntilReady } from '@client-gate/tools/system/services';
import { Producer } from 'kafkajs';
import { randomUUID } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import * as net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { e2eEnvironment } from './support/environment';
import { emailTo, header, mailSink } from './support/mail';
import { waitFor } from './support/wait-for';

/**
 * SPEC §9, issue 11: the courier holds no database connection while a mail server hangs. A notifications
 * instance of its own (its own broker and database, so the suite's instance cannot take its emails) with ONE
 * database connection sends through an SMTP server that accepts the connection and never answers; until
 * that server recovers and passes connections on to MailDev.
 */
describe('courier: a mail server that accepts and never answers', () => {
  const environment = e2eEnvironment();
  const smtp = stallingSmtpServer(new URL(environment.serviceEnv.notifications['SMTP_URL']!));
  let broker: BrokerHandle;
  let notifications: RunningService;
  let database: string;
  let producer: Producer;

  beforeAll(async () => {
    const logDir = join(environment.logDir, 'stalled-smtp');
    const [kafkaPort, controllerPort, httpPort, smtpPort] = await freePorts(4);
    await smtp.listen(smtpPort!);
    broker = await startBroker({ port: kafkaPort, controllerPort, dataDir: mkdtempSync(join(tmpdir(), 'client-gate-kafka-')), logDir });
    const name = `${new URL(environment.databases.notifications).pathname.slice(1)}_stalled`;
    database = (await ensureDatabases(environment.databases.notifications, [name], { recreate: true }))[name]!;
    notifications = spawnService(
      'notifications',
      environment.runtime,
      {
        ...environment.serviceEnv.notifications,
        KAFKA_BROKERS: broker.brokers,
        DATABASE_URL: database,
        DATABASE_POOL_MAX: '1',
        SMTP_URL: `smtp://127.0.0.1:${smtpPort}`,
        // Longer than this test takes to watch the other work: the hang lasts until the server recovers.
        SMTP_TIMEOUT_SECONDS: '120',
      },
      logDir,
      httpPort!,
    );
    await waitUntilReady(notifications);
    producer = kafkaFor([broker.brokers]).producer();
    await producer.connect();
  }, 180_000);

  afterAll(async () => {
    await producer?.disconnect();
    await notifications?.stop();
    await broker?.stop();
    await smtp.close();
  });

  const deleted = () => ({ gatewayId: randomUUID(), email: `stalled-${randomUUID()}@example.org`, locale: 'en' as const, deletedAt: new Date().toISOString() });
  const publish = (data: ReturnType<typeof deleted>) =>
    producer.send({ topic: Topic.RegistryGateway, messages: [encodeEvent(GatewayDeleted, data, { source: 'test' })] });
  const deliveryOf = async (gatewayId: string) =>
    (await sql<{ notification_id: string; status: string; attempts: number; claimed_until: Date | null }>(
      database,
      'SELECT notification_id, status, attempts, claimed_until FROM delivery WHERE gateway_id = $1',
      [gatewayId],
    ))[0];

  it('other work goes on while an email hangs, and the email is sent once the server recovers', async () => {
    const first = deleted();
    await publish(first);
    await waitFor('the courier to hand the first email to the hanging server', async () => smtp.held() > 0 || undefined, 30_000);
    expect(await deliveryOf(first.gatewayId)).toMatchObject({ status: 'pending', claimed_until: expect.any(Date) });

    // The only database connection is free: the next event is stored and readiness answers, all while the email hangs.
    const second = deleted();
    await publish(second);
    await waitFor('the second event to be stored while the first email hangs', () => deliveryOf(second.gatewayId), 15_000);
    const ready = await fetch(`${notifications.url}/health/ready`, { signal: AbortSignal.timeout(5_000) });
    expect(ready.status).toBe(200);
    expect(smtp.held()).toBeGreaterThan(0);
    expect(await deliveryOf(first.gatewayId)).toMatchObject({ status: 'pending' });

    smtp.recover();
    const emails = await Promise.all([emailTo(first.email, 'gateway-deleted'), emailTo(second.email, 'gateway-deleted')]);
    for (const [index, who] of [first, second].entries()) {
      const delivery = await waitFor(`the email to ${who.email} recorded as sent`, async () => {
        const row = await deliveryOf(who.gatewayId);
        return row?.status === 'sent' ? row : undefined;
      });
      expect(delivery.claimed_until).toBeNull();
      expect(header(emails[index]!, 'X-Notification-Id')).toBe(delivery.notification_id);
      const copies = (await mailSink().list()).filter((email) => email.to.some((to) => to.address === who.email));
      expect(copies).toHaveLength(1);
    }
  }, 120_000);
});

/** An SMTP address that accepts connections and says nothing, until `recover()`: then it passes them on to `upstream`. */
function stallingSmtpServer(upstream: URL) {
  const stalled = new Set<net.Socket>();
  let recovered = false;
  const server = net.createServer((socket) => {
    if (recovered) {
      const onward = net.connect(Number(upstream.port), upstream.hostname);
      socket.pipe(onward).pipe(socket);
      onward.on('error', () => socket.destroy());
      socket.on('error', () => onward.destroy());
      return;
    }
    stalled.add(socket);
    socket.on('error', () => undefined);
    socket.on('close', () => stalled.delete(socket));
  });
  return {
    listen: (port: number) => new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve)),
    /** connections accepted and left unanswered */
    held: () => stalled.size,
    recover() {
      recovered = true;
      for (const socket of stalled) socket.destroy();
    },
    close() {
      for (const socket of stalled) socket.destroy();
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

async function freePorts(count: number): Promise<number[]> {
  const servers = await Promise.all(
    Array.from({ length: count }, () => new Promise<net.Server>((resolve) => {
      const server = net.createServer();
      server.listen(0, '127.0.0.1', () => resolve(server));
    })),
  );
  const ports = servers.map((server) => (server.address() as net.AddressInfo).port);
  await Promise.all(servers.map((server) => new Promise((resolve) => server.close(resolve))));
  return ports;
}

async function sql<T>(url: string, text: string, params: unknown[]): Promise<T[]> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(text, params)).rows as T[];
  } finally {
    await client.end();
  }
}
