import { ApplicationSubmitted, encodeEvent, EventRecord } from '@client-gate/contracts';
import { kafkaClientConfig, TOPIC_PARTITIONS } from '@client-gate/platform';
import { Kafka, Message, Partitioners } from 'kafkajs';
import { randomBytes, randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { Pool } from 'pg';
import { Progress } from './progress';

const KAFKA_BATCH = 500;
const KAFKA_IN_FLIGHT = 4;
const FLOOR_TIMEOUT_MS = 180_000;

/** An ApplicationSubmitted record as intake's outbox holds it: the payload the platform moves most. */
export function sampleApplicationSubmitted(): EventRecord {
  return encodeEvent(
    ApplicationSubmitted,
    {
      applicationId: randomUUID(),
      kind: 'register',
      consulate: 'HU-BENCH',
      officerId: 'bench',
      person: { familyName: 'Teszt', givenNames: 'Bench lz3k9q2full 123', dateOfBirth: '1985-06-15', placeOfBirth: 'Budapest', mothersBirthName: 'Minta Mária' },
      citizenship: 'HU',
      document: { type: 'passport', number: 'BLZ3K9Q2FULL123', issuingCountry: 'HU', issuedOn: '2024-06-30', expiresOn: '2031-06-30' },
      email: 'bench-lz3k9q2full-123@example.org',
      locale: 'hu',
      reminders: { enabled: true, documents: [{ type: 'passport', number: 'BLZ3K9Q2FULL123', expiresOn: '2031-06-30' }] },
      submittedAt: new Date().toISOString(),
    },
    { source: 'intake', traceparent: `00-${randomBytes(16).toString('hex')}-${randomBytes(8).toString('hex')}-01` },
  );
}

/** Bytes a record takes on the wire, roughly: key, value and headers. */
export function recordSize(record: EventRecord): number {
  const headers = Object.entries(record.headers).reduce((sum, [name, value]) => sum + name.length + Buffer.byteLength(value), 0);
  return Buffer.byteLength(record.key) + Buffer.byteLength(record.value) + headers;
}

/**
 * kafkajs produce-to-consume through the platform's broker, batched and as fast as it goes: `count`
 * records like `sample` on a topic of its own (as many partitions as the platform's), from the first
 * send to the last record consumed. Returns messages per second.
 */
export async function kafkaFloor(brokers: string[], sample: EventRecord, count: number): Promise<number> {
  const kafka = new Kafka(kafkaClientConfig('bench-floor', brokers));
  const topic = `bench.floor.${Date.now().toString(36)}`;
  const admin = kafka.admin();
  await admin.connect();
  await admin.createTopics({ waitForLeaders: true, topics: [{ topic, numPartitions: TOPIC_PARTITIONS, replicationFactor: 1 }] });
  const producer = kafka.producer({ allowAutoTopicCreation: false, createPartitioner: Partitioners.DefaultPartitioner });
  const consumer = kafka.consumer({ groupId: topic, maxWaitTimeInMs: 100 });
  let received = 0;
  const progress = new Progress('kafka    ', count, () => ({ done: received }));
  try {
    await producer.connect();
    await consumer.connect();
    await consumer.subscribe({ topic, fromBeginning: true });
    const joined = new Promise<void>((resolve) => consumer.on(consumer.events.GROUP_JOIN, () => resolve()));
    let allReceived!: (at: number) => void;
    const lastReceivedAt = new Promise<number>((resolve) => (allReceived = resolve));
    await consumer.run({
      eachBatch: async ({ batch }) => {
        received += batch.messages.length;
        if (received >= count) allReceived(performance.now());
      },
    });
    await joined;

    const messages: Message[] = Array.from({ length: count }, () => ({ key: randomUUID(), value: sample.value, headers: sample.headers }));
    const batches = Array.from({ length: Math.ceil(count / KAFKA_BATCH) }, (_, index) => messages.slice(index * KAFKA_BATCH, (index + 1) * KAFKA_BATCH));
    const start = performance.now();
    const sender = async () => {
      for (let batch = batches.shift(); batch; batch = batches.shift()) await producer.send({ topic, acks: -1, messages: batch });
    };
    await Promise.all(Array.from({ length: KAFKA_IN_FLIGHT }, sender));
    const end = await withTimeout(lastReceivedAt, () => `the Kafka floor consumed ${received}/${count} records`);
    return count / ((end - start) / 1000);
  } finally {
    progress.finish();
    await consumer.disconnect().catch(() => undefined);
    await producer.disconnect().catch(() => undefined);
    await admin.deleteTopics({ topics: [topic] }).catch(() => undefined);
    await admin.deleteGroups([topic]).catch(() => undefined);
    await admin.disconnect();
  }
}

/**
 * Postgres commits per second: `connections` clients each commit one outbox-shaped row like `sample`
 * per transaction (BEGIN, INSERT, COMMIT: what a service's unit of work costs at the least), `count` in all.
 */
export async function pgCommitFloor(databaseUrl: string, sample: EventRecord, count: number, connections: number): Promise<number> {
  const pool = new Pool({ connectionString: databaseUrl, max: connections });
  pool.on('error', () => undefined);
  let committed = 0;
  const progress = new Progress('postgres ', count, () => ({ done: committed }));
  try {
    await pool.query('DROP TABLE IF EXISTS bench_floor');
    await pool.query('CREATE TABLE bench_floor (seq bigserial PRIMARY KEY, topic text NOT NULL, key text NOT NULL, headers jsonb NOT NULL, value text NOT NULL, created_at timestamptz NOT NULL DEFAULT now())');
    const headers = JSON.stringify(sample.headers);
    let started = 0;
    const client = async () => {
      const connection = await pool.connect();
      try {
        while (started++ < count) {
          await connection.query('BEGIN');
          await connection.query('INSERT INTO bench_floor (topic, key, headers, value) VALUES ($1, $2, $3, $4)', ['bench.floor', randomUUID(), headers, sample.value]);
          await connection.query('COMMIT');
          committed++;
        }
      } finally {
        connection.release();
      }
    };
    const start = performance.now();
    await withTimeout(Promise.all(Array.from({ length: connections }, client)), () => `the Postgres floor committed ${committed}/${count}`);
    return committed / ((performance.now() - start) / 1000);
  } finally {
    progress.finish();
    await pool.query('DROP TABLE IF EXISTS bench_floor').catch(() => undefined);
    await pool.end();
  }
}

function withTimeout<T>(promise: Promise<T>, what: () => string): Promise<T> {
  let timer!: NodeJS.Timeout;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${FLOOR_TIMEOUT_MS / 1000} s: ${what()}`)), FLOOR_TIMEOUT_MS);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
