import { Inject, Injectable, Logger } from '@nestjs/common';
import { Topic } from '@client-gate/contracts';
import { Admin, ConfigResourceTypes, Kafka, PartitionMetadata, Partitioners, Producer, TopicMessages } from 'kafkajs';
import { kafkaRequests, kafkaTopicReplicationShortfall, scrapedGauge } from '../observability/metrics';
import { kafkaClientConfig, KafkaTimeLimits } from './kafka-config';
import {
  applicableMinInsyncReplicas,
  INTERNAL_TOPICS,
  KAFKA_REPLICATION,
  readTopicReplication,
  ReplicationSettings,
  replicationShortfall,
  requiredReplication,
} from './replication';
import { TOPIC_RETENTION, TopicRetention, topicSettings } from './topic-settings';
import { SERVICE_NAME } from './tokens';
import { retryForever } from './retry';

export const KAFKA_BROKER_LIST = Symbol('KAFKA_BROKER_LIST');
export const KAFKA_TIME_LIMITS = Symbol('KAFKA_TIME_LIMITS');

/** Kafka's refusals that no retry can fix: the record or its topic is at fault, not the broker's state. */
const PERMANENT_REFUSALS = new Set([
  'UNKNOWN_TOPIC_OR_PARTITION',
  'INVALID_TOPIC_EXCEPTION',
  'TOPIC_AUTHORIZATION_FAILED',
  'MESSAGE_TOO_LARGE',
  'RECORD_LIST_TOO_LARGE',
  'INVALID_RECORD',
  'INVALID_TIMESTAMP',
  'UNSUPPORTED_FOR_MESSAGE_FORMAT',
]);

/** The Kafka error type (e.g. MESSAGE_TOO_LARGE) if `error` or one of its causes is a permanent refusal. */
export function permanentRefusal(error: unknown): string | undefined {
  // kafkajs wraps the broker's error (KafkaJSProtocolError, with its `type`) in retry errors, as `cause`.
  for (let cause = error, depth = 0; cause instanceof Error && depth < 10; cause = cause.cause, depth++) {
    const type = (cause as { type?: unknown }).type;
    if (typeof type === 'string' && PERMANENT_REFUSALS.has(type)) return type;
  }
  return undefined;
}

/**
 * The broker no longer takes the idempotent producer's sequence (a batch it wrote whose answer was lost, sent again
 * with more records; or the producer id expired): only a new producer id gets writes through again.
 */
const FENCED_PRODUCER = new Set(['OUT_OF_ORDER_SEQUENCE_NUMBER', 'UNKNOWN_PRODUCER_ID', 'INVALID_PRODUCER_EPOCH', 'INVALID_PRODUCER_ID_MAPPING']);

function errorTypes(error: unknown): string[] {
  const types: string[] = [];
  for (let cause = error, depth = 0; cause instanceof Error && depth < 10; cause = cause.cause, depth++) {
    const type = (cause as { type?: unknown }).type;
    if (typeof type === 'string') types.push(type);
  }
  return types;
}

/** A send that Kafka answered without acknowledging some of its partitions (see KafkaConnection.sendBatch). */
export class UnacknowledgedPartitionsError extends Error {
  override readonly name = 'UnacknowledgedPartitionsError';
}

/** How long a topic's partition list is reused to place records before it is asked for again. */
const PARTITIONS_TTL_MS = 30_000;

/** Thrown at start in production when a topic has fewer copies than KAFKA_REPLICATION_FACTOR asks for. */
export class ReplicationShortfallError extends Error {
  override readonly name = 'ReplicationShortfallError';
}

/** The service's producer (outbox relay, dead letters) and its admin duties at start. */
@Injectable()
export class KafkaConnection {
  private readonly logger = new Logger(KafkaConnection.name);
  readonly kafka: Kafka;
  private current: Producer;
  /** For the lag gauge: connected on the first scrape, kept for the next ones. */
  private readonly admin: Admin;
  /** For readiness: one request, no retries, so that a broker that went away shows at once. */
  private readonly probeAdmin: Admin;
  /** Places records the way the producer would (murmur2 of the key), so that the answer can be checked. */
  private readonly partitioner = Partitioners.DefaultPartitioner();
  private readonly partitions = new Map<string, { metadata: PartitionMetadata[]; at: number }>();

  constructor(
    @Inject(SERVICE_NAME) service: string,
    @Inject(KAFKA_BROKER_LIST) brokers: string[],
    @Inject(TOPIC_RETENTION) private readonly retention: TopicRetention,
    @Inject(KAFKA_TIME_LIMITS) limits: KafkaTimeLimits,
    @Inject(KAFKA_REPLICATION) private readonly replication: ReplicationSettings,
  ) {
    this.kafka = new Kafka(kafkaClientConfig(`${service}-producer`, brokers, limits));
    this.current = this.newProducer();
    this.admin = this.kafka.admin();
    this.probeAdmin = this.kafka.admin({ retry: { retries: 0 } });
    scrapedGauge('consumer_lag', "Records not yet consumed by this service's group", ['topic', 'partition'], async (gauge) => {
      await this.admin.connect();
      const committed = await this.admin.fetchOffsets({ groupId: service });
      const ends = await Promise.all(committed.map(({ topic }) => this.admin.fetchTopicOffsets(topic)));
      committed.forEach(({ topic, partitions }, index) => {
        const end = new Map(ends[index].map((p) => [p.partition, Number(p.high)]));
        for (const { partition, offset } of partitions) {
          gauge.set({ topic, partition: String(partition) }, (end.get(partition) ?? 0) - Math.max(Number(offset), 0));
        }
      });
    });
  }

  /** The idempotent producer: a batch sent again after a lost answer is written once (acks -1, as its senders ask). */
  get producer(): Producer {
    return this.current;
  }

  private newProducer(): Producer {
    const producer = this.kafka.producer({
      allowAutoTopicCreation: false,
      createPartitioner: Partitioners.DefaultPartitioner,
      idempotent: true,
      // kafkajs would retry an idempotent send for ever: bounded, a lost broker shows (the relay's readiness) and
      // the caller sends the batch again, with the same sequence numbers, which the broker recognises.
      retry: { retries: 5 },
    });
    producer.on(producer.events.REQUEST, ({ payload }) => kafkaRequests.inc({ client: 'producer', api: payload.apiName }));
    return producer;
  }

  /**
   * After a failed send: a producer the broker fenced (see FENCED_PRODUCER; kafkajs gives up on it) is replaced by
   * a new one, so that the next attempt goes through (at least once: the consumers' inbox drops the repeat).
   */
  async recoverFrom(error: unknown): Promise<void> {
    const fenced = errorTypes(error).find((type) => FENCED_PRODUCER.has(type));
    if (!fenced) return;
    this.logger.warn({ fenced }, 'the broker refused the producer\'s sequence; starting a new producer');
    const old = this.current;
    this.current = this.newProducer();
    await old.disconnect().catch(() => undefined);
    await this.current.connect();
  }

  /**
   * Sends with acks -1 and fails unless Kafka acknowledged every partition written to. kafkajs 2.2.4 keeps, across
   * its retries of one send, the answers of the brokers that answered: records whose partition's leader moved
   * (a broker lost) to a broker that had already answered for other partitions are never sent, and the send
   * succeeds without them. Each record's partition is fixed here, the answer is checked, and the caller sends the
   * batch again when one is missing (at least once; consumers drop the repeats).
   */
  async sendBatch(topicMessages: TopicMessages[]): Promise<void> {
    const placed = await Promise.all(
      topicMessages.map(async ({ topic, messages }) => {
        // A topic whose partitions cannot be read (one that does not exist) is left to the producer, which refuses it.
        const partitionMetadata = await this.partitionsOf(topic).catch(() => undefined);
        if (!partitionMetadata) return { topic, messages };
        return { topic, messages: messages.map((message) => ({ ...message, partition: message.partition ?? this.partitioner({ topic, partitionMetadata, message }) })) };
      }),
    );
    const answered = await this.current.sendBatch({ acks: -1, topicMessages: placed });
    const acknowledged = new Set(answered.filter(({ errorCode }) => errorCode === 0).map(({ topicName, partition }) => `${topicName}/${partition}`));
    const written = placed.flatMap(({ topic, messages }) => messages.filter((message) => message.partition !== undefined).map((message) => `${topic}/${message.partition}`));
    const missing = [...new Set(written)].filter((key) => !acknowledged.has(key));
    if (missing.length > 0) {
      this.partitions.clear();
      throw new UnacknowledgedPartitionsError(`Kafka did not acknowledge ${missing.join(', ')}; the batch is sent again`);
    }
  }

  private async partitionsOf(topic: string): Promise<PartitionMetadata[]> {
    const cached = this.partitions.get(topic);
    if (cached && Date.now() - cached.at < PARTITIONS_TTL_MS) return cached.metadata;
    await this.admin.connect();
    const [{ partitions }] = (await this.admin.fetchTopicMetadata({ topics: [topic] })).topics;
    this.partitions.set(topic, { metadata: partitions, at: Date.now() });
    return partitions;
  }

  /** Asks the broker for the cluster's metadata; rejects if it does not answer within `timeoutMs`. */
  async probe(timeoutMs: number): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`no answer from the broker within ${timeoutMs} ms`)), timeoutMs);
    });
    try {
      await Promise.race([
        (async () => {
          await this.probeAdmin.connect();
          await this.probeAdmin.describeCluster();
        })(),
        timeout,
      ]);
    } finally {
      clearTimeout(timer);
    }
  }

  /**
   * Waits for the broker (retrying with back-off, saying why), creates missing topics, brings the settings of
   * existing ones in line with this configuration (a changed retention applies), connects the producer.
   */
  async connect(): Promise<void> {
    const shortfalls = await retryForever('Kafka', this.logger, () => this.applyTopicSettings());
    for (const shortfall of shortfalls) {
      kafkaTopicReplicationShortfall.set({ topic: shortfall.split(':')[0] }, 1);
      this.logger.warn(`topic below the replication settings: ${shortfall} (raise it with kafka-reassign-partitions.sh; kafkajs cannot)`);
    }
    if (shortfalls.length > 0 && this.replication.refuseShortfall) {
      throw new ReplicationShortfallError(`refused in production: topics below the replication settings: ${shortfalls.join(' | ')}`);
    }
    await retryForever('Kafka', this.logger, () => this.current.connect());
  }

  /**
   * Creates missing topics, brings existing ones in line with this configuration, and says which topics (Kafka's
   * internal ones too) have fewer copies than the settings ask. In production, with any, it changes nothing.
   */
  private async applyTopicSettings(): Promise<string[]> {
    const admin = this.kafka.admin();
    await admin.connect();
    try {
      const { brokers } = await admin.describeCluster();
      const required = requiredReplication(this.replication, brokers.length);
      const topics = Object.values(Topic).map((topic) => topicSettings(topic, this.retention, required));
      const existing = new Set(await admin.listTopics());
      const present = topics.filter(({ topic }) => existing.has(topic));
      const actual = new Map((await readTopicReplication(admin, [...present.map(({ topic }) => topic), ...INTERNAL_TOPICS.filter((topic) => existing.has(topic))])).map((state) => [state.topic, state]));
      const shortfalls = [...actual.values()]
        .map((state) => {
          // Ours get their min.insync.replicas below; the internal ones keep the broker's.
          const ours = present.some(({ topic }) => topic === state.topic);
          return replicationShortfall(ours ? { ...state, minInsyncReplicas: applicableMinInsyncReplicas(required, state.replicas) } : state, required);
        })
        .filter((shortfall): shortfall is string => shortfall !== undefined);
      if (shortfalls.length > 0 && this.replication.refuseShortfall) return shortfalls;

      const missing = topics.filter(({ topic }) => !existing.has(topic));
      if (missing.length > 0) await admin.createTopics({ waitForLeaders: true, topics: missing });
      // AlterConfigs replaces a topic's settings as a whole: each carries all of its own.
      if (present.length > 0) {
        await admin.alterConfigs({
          validateOnly: false,
          resources: present.map(({ topic, configEntries }) => ({
            type: ConfigResourceTypes.TOPIC,
            name: topic,
            configEntries: (configEntries ?? []).map((entry) =>
              entry.name === 'min.insync.replicas' ? { ...entry, value: String(applicableMinInsyncReplicas(required, actual.get(topic)!.replicas)) } : entry,
            ),
          })),
        });
      }
      return shortfalls;
    } finally {
      await admin.disconnect();
    }
  }

  /** Called by the outbox relay once it has flushed: the last user of the producer at shutdown. */
  async close(): Promise<void> {
    await this.current.disconnect().catch(() => undefined);
    await this.admin.disconnect().catch(() => undefined);
    await this.probeAdmin.disconnect().catch(() => undefined);
  }
}
