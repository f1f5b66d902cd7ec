import { headerText, RawHeaders, Topic } from '@client-gate/contracts';
import { kafkaClientConfig } from '@client-gate/platform';
import { IHeaders, Kafka, KafkaMessage } from 'kafkajs';
import { randomUUID } from 'node:crypto';

export function kafkaFor(brokers: string[]): Kafka {
  return new Kafka(kafkaClientConfig('ops-cli', brokers));
}

const SECRET_FIELDS = /^(code|password|token|sealedCode|ciphertext)$/i;

/** Tail and DLQ output never show a secret, even a sealed one. */
export function redact(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(redact);
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value).map(([key, inner]) => [key, SECRET_FIELDS.test(key) ? '[secret]' : redact(inner)]),
    );
  }
  return value;
}

export function describeRecord(topic: string, partition: number, message: KafkaMessage): Record<string, unknown> {
  const headers = message.headers as RawHeaders;
  let data: unknown = message.value?.toString();
  try {
    data = JSON.parse(String(data));
  } catch {
    // not JSON: shown as text
  }
  return {
    topic,
    partition,
    offset: message.offset,
    key: message.key?.toString(),
    type: headerText(headers, 'ce_type'),
    id: headerText(headers, 'ce_id'),
    time: headerText(headers, 'ce_time'),
    traceparent: headerText(headers, 'traceparent'),
    data: redact(data),
  };
}

export async function listTopics(kafka: Kafka): Promise<{ topic: string; partitions: number; messages: number }[]> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const names = (await admin.listTopics()).filter((name) => !name.startsWith('__')).sort();
    const rows = [];
    for (const topic of names) {
      const offsets = await admin.fetchTopicOffsets(topic);
      rows.push({
        topic,
        partitions: offsets.length,
        messages: offsets.reduce((sum, partition) => sum + Number(partition.high) - Number(partition.low), 0),
      });
    }
    return rows;
  } finally {
    await admin.disconnect();
  }
}

export interface LagRow {
  group: string;
  topic: string;
  partition: number;
  committed: number;
  end: number;
  lag: number;
}

/** Consumer lag per group, topic and partition (the clock readers' throw-away groups are left out). */
export async function consumerLag(kafka: Kafka): Promise<LagRow[]> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const groups = (await admin.listGroups()).groups.map((group) => group.groupId).filter((id) => !id.includes('-clock-') && !id.startsWith('ops-cli'));
    const rows: LagRow[] = [];
    for (const group of groups.sort()) {
      for (const { topic, partitions } of await admin.fetchOffsets({ groupId: group })) {
        const ends = new Map((await admin.fetchTopicOffsets(topic)).map((p) => [p.partition, Number(p.high)]));
        for (const { partition, offset } of partitions) {
          const end = ends.get(partition) ?? 0;
          const committed = Number(offset) < 0 ? 0 : Number(offset);
          rows.push({ group, topic, partition, committed, end, lag: end - committed });
        }
      }
    }
    return rows;
  } finally {
    await admin.disconnect();
  }
}

export interface DeadLetter {
  id: string;
  partition: number;
  offset: string;
  key: Buffer | null;
  value: Buffer | null;
  headers: IHeaders;
}

export interface TopicRecord {
  topic: string;
  partition: number;
  offset: string;
  key: Buffer | null;
  value: Buffer | null;
  headers: IHeaders;
}

/** Every record of the given topics (all of the platform's when none are named), from the start to their current end. */
export async function readTopics(kafka: Kafka, topics?: string[]): Promise<TopicRecord[]> {
  const admin = kafka.admin();
  await admin.connect();
  const remaining = new Map<string, number>();
  const names = topics ?? (await admin.listTopics()).filter((name) => !name.startsWith('__'));
  try {
    for (const topic of names) {
      for (const { partition, low, high } of await admin.fetchTopicOffsets(topic)) {
        if (Number(high) > Number(low)) remaining.set(`${topic}/${partition}`, Number(high) - 1);
      }
    }
  } finally {
    await admin.disconnect();
  }
  const records: TopicRecord[] = [];
  if (remaining.size === 0) return records;

  // A throw-away group (`ops-cli-`, which `lag` leaves out) that commits nothing.
  const consumer = kafka.consumer({ groupId: `ops-cli-${randomUUID()}`, maxWaitTimeInMs: 200 });
  await consumer.connect();
  await consumer.subscribe({ topics: names, fromBeginning: true });
  await new Promise<void>((resolve, reject) => {
    consumer
      .run({
        autoCommit: false,
        eachMessage: async ({ topic, partition, message }) => {
          const last = remaining.get(`${topic}/${partition}`);
          if (last === undefined || Number(message.offset) > last) return;
          records.push({ topic, partition, offset: message.offset, key: message.key, value: message.value, headers: message.headers ?? {} });
          if (Number(message.offset) === last) remaining.delete(`${topic}/${partition}`);
          if (remaining.size === 0) resolve();
        },
      })
      .catch(reject);
  });
  await consumer.disconnect();
  return records;
}

/** Reads ops.dead-letter.v1 from the start up to its current end. */
export async function readDeadLetters(kafka: Kafka): Promise<DeadLetter[]> {
  const letters = (await readTopics(kafka, [Topic.OpsDeadLetter])).map(({ partition, offset, key, value, headers }) => ({
    id: `${partition}:${offset}`,
    partition,
    offset,
    key,
    value,
    headers,
  }));
  return letters.sort((a, b) => a.partition - b.partition || Number(a.offset) - Number(b.offset));
}

export function describeDeadLetter(letter: DeadLetter): Record<string, unknown> {
  const headers = letter.headers as RawHeaders;
  return {
    id: letter.id,
    topic: headerText(headers, 'dlq_topic'),
    consumer: headerText(headers, 'dlq_consumer'),
    // Set instead of the consumer when the service's outbox relay could not publish the event (Kafka refused it).
    producer: headerText(headers, 'dlq_producer'),
    type: headerText(headers, 'ce_type'),
    eventId: headerText(headers, 'ce_id'),
    error: headerText(headers, 'dlq_error'),
    attempts: Number(headerText(headers, 'dlq_attempts')),
    failedAt: headerText(headers, 'dlq_failed_at'),
  };
}

/** Sends dead letters back to their original topic, with their original key and headers. */
export async function replayDeadLetters(kafka: Kafka, letters: DeadLetter[], progress: (done: number) => void = () => undefined): Promise<number> {
  const producer = kafka.producer();
  await producer.connect();
  try {
    for (const [index, letter] of letters.entries()) {
      progress(index);
      const topic = headerText(letter.headers as RawHeaders, 'dlq_topic');
      if (!topic) throw new Error(`dead letter ${letter.id} does not name its topic`);
      const headers = Object.fromEntries(Object.entries(letter.headers).filter(([name]) => !name.startsWith('dlq_')));
      await producer.send({ topic, acks: -1, messages: [{ key: letter.key, value: letter.value, headers }] });
    }
    return letters.length;
  } finally {
    await producer.disconnect();
  }
}
