import { Inject, Injectable, Logger } from '@nestjs/common';
import { Topic } from '@client-gate/contracts';
import { Admin, ConfigResourceTypes, Kafka, Partitioners, Producer } from 'kafkajs';
import { kafkaRequests, scrapedGauge } from '../observability/metrics';
import { kafkaClientConfig, KafkaTimeLimits } from './kafka-config';
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

/** The service's producer (outbox relay, dead letters) and its admin duties at start. */
@Injectable()
export class KafkaConnection {
  private readonly logger = new Logger(KafkaConnection.name);
  readonly kafka: Kafka;
  readonly producer: Producer;
  /** For the lag gauge: connected on the first scrape, kept for the next ones. */
  private readonly admin: Admin;
  /** For readiness: one request, no retries, so that a broker that went away shows at once. */
  private readonly probeAdmin: Admin;

  constructor(
    @Inject(SERVICE_NAME) service: string,
    @Inject(KAFKA_BROKER_LIST) brokers: string[],
    @Inject(TOPIC_RETENTION) private readonly retention: TopicRetention,
    @Inject(KAFKA_TIME_LIMITS) limits: KafkaTimeLimits,
  ) {
    this.kafka = new Kafka(kafkaClientConfig(`${service}-producer`, brokers, limits));
    this.producer = this.kafka.producer({ allowAutoTopicCreation: false, createPartitioner: Partitioners.DefaultPartitioner });
    this.producer.on(this.producer.events.REQUEST, ({ payload }) => kafkaRequests.inc({ client: 'producer', api: payload.apiName }));
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
    await retryForever('Kafka', this.logger, async () => {
      const admin = this.kafka.admin();
      await admin.connect();
      try {
        const topics = Object.values(Topic).map((topic) => topicSettings(topic, this.retention));
        const existing = new Set(await admin.listTopics());
        const missing = topics.filter(({ topic }) => !existing.has(topic));
        if (missing.length > 0) await admin.createTopics({ waitForLeaders: true, topics: missing });
        // AlterConfigs replaces a topic's settings as a whole: each carries all of its own.
        const present = topics.filter(({ topic }) => existing.has(topic));
        if (present.length > 0) {
          await admin.alterConfigs({
            validateOnly: false,
            resources: present.map(({ topic, configEntries }) => ({ type: ConfigResourceTypes.TOPIC, name: topic, configEntries: configEntries ?? [] })),
          });
        }
      } finally {
        await admin.disconnect();
      }
      await this.producer.connect();
    });
  }

  /** Called by the outbox relay once it has flushed: the last user of the producer at shutdown. */
  async close(): Promise<void> {
    await this.producer.disconnect().catch(() => undefined);
    await this.admin.disconnect().catch(() => undefined);
    await this.probeAdmin.disconnect().catch(() => undefined);
  }
}
