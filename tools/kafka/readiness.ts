/**
 * When a starting broker serves clients: first its port accepts connections, then kafkajs can
 * describe the cluster, create and delete a probe topic and reach the group coordinator (which
 * creates __consumer_offsets on a fresh data dir). Both waits give up at a deadline, or at once
 * when `failed()` says the broker will not come (its JVM exited).
 */
import { randomBytes } from 'node:crypto';
import * as net from 'node:net';
import { Admin, Kafka, logLevel } from 'kafkajs';

export interface ReadinessWait {
  brokers: string;
  host: string;
  port: number;
  deadline: number;
  timeoutMs: number;
  failed: () => Error | undefined;
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** Cheap: the client port accepts connections. */
export async function waitForPort(w: ReadinessWait): Promise<void> {
  while (!(await canConnect(w.host, w.port))) {
    const err = w.failed();
    if (err) throw err;
    if (Date.now() > w.deadline) throw new Error(`Kafka did not open ${w.brokers} within ${w.timeoutMs / 1000}s`);
    await sleep(100);
  }
}

/** Real: metadata, a topic round-trip through the controller and the group coordinator answer. */
export async function waitUntilServing(w: ReadinessWait): Promise<void> {
  const kafka = new Kafka({
    clientId: 'kafka-tool-readiness',
    brokers: [w.brokers],
    logLevel: logLevel.NOTHING,
    connectionTimeout: 2_000,
    requestTimeout: 10_000,
    retry: { retries: 0 },
  });
  const probeName = `__kafka-tool-probe-${process.pid}-${randomBytes(4).toString('hex')}`;
  let lastError: unknown;
  let topicRoundTripDone = false;
  for (;;) {
    const err = w.failed();
    if (err) throw err;
    if (Date.now() > w.deadline) {
      const why = lastError instanceof Error ? `${lastError.name}: ${lastError.message}` : String(lastError);
      throw new Error(`Kafka at ${w.brokers} did not become ready within ${w.timeoutMs / 1000}s (last error: ${why})`);
    }
    const admin = kafka.admin({ retry: { retries: 0 } });
    try {
      await admin.connect();
      await expectLiveController(admin);
      if (!topicRoundTripDone) {
        await createAndDeleteTopic(admin, probeName);
        topicRoundTripDone = true;
      }
      // Warm the group coordinator: on a fresh data dir this creates __consumer_offsets now, so the
      // first consumer group of a test does not wait on COORDINATOR_NOT_AVAILABLE / LOAD_IN_PROGRESS.
      await admin.describeGroups([probeName]);
      return;
    } catch (e) {
      lastError = e;
      await sleep(250);
    } finally {
      await admin.disconnect().catch(() => undefined);
    }
  }
}

/** Also loads kafkajs' metadata, which the group-coordinator lookup needs. */
async function expectLiveController(admin: Admin): Promise<void> {
  const cluster = await admin.describeCluster();
  if (cluster.brokers.length === 0 || cluster.controller === null || cluster.controller < 0) {
    throw new Error('cluster has no live broker/controller yet');
  }
}

async function createAndDeleteTopic(admin: Admin, topic: string): Promise<void> {
  const existing = await admin.listTopics();
  if (!existing.includes(topic)) {
    await admin.createTopics({ topics: [{ topic, numPartitions: 1, replicationFactor: 1 }], waitForLeaders: true, timeout: 10_000 });
  }
  await admin.deleteTopics({ topics: [topic], timeout: 10_000 });
}

function canConnect(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ port, host });
    const done = (ok: boolean): void => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(1_000, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}
