import { BrokerHandle, startBroker } from '@client-gate/tools/kafka/broker';
import { ensureDatabases } from '@client-gate/tools/infra/postgres';
import { RunningService, spawnService, waitUntilReady } from '@client-gate/tools/system/services';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { e2eEnvironment } from './support/environment';
import { staffToken } from './support/http';
import { metrics, sample } from './support/metrics';
import { waitFor } from './support/wait-for';

/**
 * Issue 11: readiness probes the broker and watches the outbox relay. This suite stops a broker, so it runs its
 * own (and an intake instance on it, with its own database), leaving the shared system alone.
 */
describe('readiness tells the truth', () => {
  const offset = Number(process.env['E2E_PORT_OFFSET'] ?? 0);
  const brokerOptions = { port: 29600 + offset, controllerPort: 29700 + offset, dataDir: mkdtempSync(join(tmpdir(), 'client-gate-health-kafka-')) };
  let broker: BrokerHandle | undefined;
  let intake: RunningService;

  const ready = async () => {
    const response = await fetch(`${intake.url}/health/ready`);
    return { status: response.status, body: (await response.json()) as { details?: Record<string, { status: string; message?: string }> } };
  };
  const metric = async (name: string) => sample(await metrics(new URL(intake.url)), name, {});

  beforeAll(async () => {
    const environment = e2eEnvironment();
    broker = await startBroker(brokerOptions);
    const database = `client_gate_test${offset}_health`;
    const server = new URL(environment.databases.intake);
    server.pathname = '/postgres';
    const urls = await ensureDatabases(server.toString(), [database], { recreate: true });
    const logDir = join(environment.logDir, 'health');
    intake = spawnService('intake', environment.runtime, { ...environment.serviceEnv.intake, KAFKA_BROKERS: broker.brokers, DATABASE_URL: urls[database] }, logDir, 13700 + offset);
    await waitUntilReady(intake);
  }, 180_000);

  afterAll(async () => {
    await intake?.stop();
    await broker?.stop();
    rmSync(brokerOptions.dataDir, { recursive: true, force: true });
  });

  it('shows the broker down within 5 s of it stopping, a relay failing for 30 s, and all up once the broker is back', async () => {
    expect((await ready()).body.details).toMatchObject({ database: { status: 'up' }, kafka: { status: 'up' }, outbox: { status: 'up' } });

    await broker!.stop();
    const down = await waitFor('readiness to show the broker down', async () => {
      const answer = await ready();
      return answer.status === 503 && answer.body.details?.['kafka']?.status === 'down' ? answer : undefined;
    }, 5_000);
    expect(down.body.details).toMatchObject({ database: { status: 'up' } });

    // An event committed while the broker is away stays in the outbox; the relay fails, then readiness says so.
    const booked = await fetch(`${intake.url}/appointments`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${staffToken()}` },
      body: JSON.stringify({ channel: 'phone', contact: '+380441234567', applicantName: 'Readiness Probe', startsAt: new Date(Date.now() + 86_400_000).toISOString() }),
    });
    expect(booked.status).toBe(201);
    const stalled = await waitFor('readiness to show the outbox not draining', async () => {
      const answer = await ready();
      return answer.body.details?.['outbox']?.status === 'down' ? answer : undefined;
    }, 60_000);
    expect(stalled.body.details?.['outbox']?.message).toMatch(/^not drained for \d+ s/);
    expect(await metric('outbox_relay_failures_total')).toBeGreaterThan(0);
    expect(await metric('outbox_oldest_event_age_seconds')).toBeGreaterThanOrEqual(30);

    broker = await startBroker(brokerOptions);
    const back = await waitFor('readiness to show everything up again', async () => {
      const answer = await ready();
      return answer.status === 200 ? answer : undefined;
    }, 60_000);
    expect(back.body.details).toMatchObject({ database: { status: 'up' }, kafka: { status: 'up' }, outbox: { status: 'up' } });
    await waitFor('the outbox to drain', async () => ((await metric('outbox_backlog')) === 0 ? true : undefined), 30_000);
    expect(await metric('outbox_oldest_event_age_seconds')).toBe(0);
  }, 240_000);
});
