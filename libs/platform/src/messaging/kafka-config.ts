import { KafkaContext, ServerKafka } from '@nestjs/microservices';
import { Consumer, EachBatchPayload, KafkaConfig, logLevel } from 'kafkajs';
import { kafkaRequests } from '../observability/metrics';

export const TOPIC_PARTITIONS = 6;
const COMMIT_INTERVAL_MS = 1_000;

/** The one Kafka client configuration every service uses, from env (KAFKA_BROKERS). */
export function kafkaClientConfig(clientId: string, brokers: string[]): KafkaConfig {
  return {
    clientId,
    brokers,
    // Connection failures are retried and reported by the platform itself (retryForever), not logged per try.
    logLevel: logLevel.NOTHING,
    retry: { initialRetryTime: 300, maxRetryTime: 5_000, retries: 5 },
  };
}

/**
 * Nest's Kafka transport, handing each `@EventPattern` handler one partition's batch of records at a
 * time (kafkajs `eachBatch`) rather than one record (`eachMessage`), so that the inbox can apply a
 * batch in one transaction: one record at a time was the platform's bottleneck (benchmarks/BENCHMARKS.md).
 * The handler resolves the offsets of what it applied (`EventInbox.process`).
 *
 * Offsets are committed at most once a second, and once more a second after the last batch, rather than after
 * every partition's batch (kafkajs's default: one request to the group coordinator each, most of the broker's
 * requests under load). A record applied but not yet committed when an instance stops or the group rebalances
 * is delivered again, and the inbox recognises it (`processed_event`).
 */
export class BatchingKafkaServer extends ServerKafka {
  private trailingCommit?: NodeJS.Timeout;

  override async bindEvents(consumer: Consumer): Promise<void> {
    consumer.on(consumer.events.REQUEST, ({ payload }) => kafkaRequests.inc({ client: 'consumer', api: payload.apiName }));
    // kafkajs logs nothing (kafkaClientConfig); a consumer that crashes must still say so, and whether it restarts.
    consumer.on(consumer.events.CRASH, ({ payload }) =>
      this.logger.error({ err: payload.error?.message, restart: payload.restart, groupId: payload.groupId }, 'Kafka consumer crashed'),
    );
    const topics = [...this.messageHandlers.keys()];
    if (topics.length > 0) await consumer.subscribe({ ...this.options.subscribe, topics });
    await consumer.run({
      ...this.options.run,
      eachBatchAutoResolve: false,
      autoCommit: false,
      autoCommitInterval: COMMIT_INTERVAL_MS,
      eachBatch: (payload) => this.handleBatch(payload),
    });
  }

  override async close(): Promise<void> {
    clearTimeout(this.trailingCommit);
    await super.close();
  }

  private async handleBatch(payload: EachBatchPayload): Promise<void> {
    const { topic, partition, messages } = payload.batch;
    if (messages.length === 0) return;
    const context = new KafkaContext([messages[0], partition, topic, this.consumer!, payload.heartbeat, this.producer!]);
    await this.handleEvent(topic, { pattern: topic, data: payload }, context);
    await payload.commitOffsetsIfNecessary();
    // Once the records stop coming, what was applied last is committed too (the lag returns to zero).
    clearTimeout(this.trailingCommit);
    this.trailingCommit = setTimeout(() => void payload.commitOffsetsIfNecessary(payload.uncommittedOffsets()).catch(() => undefined), COMMIT_INTERVAL_MS);
    this.trailingCommit.unref();
  }
}

/** The Nest Kafka transport: one consumer group per service; the inbox decodes the raw records. */
export function kafkaMicroserviceOptions(service: string, brokers: string[]): { strategy: BatchingKafkaServer } {
  return {
    strategy: new BatchingKafkaServer({
      client: kafkaClientConfig(`${service}-consumer`, brokers),
      consumer: {
        groupId: service,
        allowAutoTopicCreation: false,
        // A short long-poll lets a new instance join the group in well under a second, and a short
        // session lets the group notice a killed instance in 10 s rather than 30.
        maxWaitTimeInMs: 500,
        sessionTimeout: 10_000,
        heartbeatInterval: 1_000,
        retry: { retries: Number.MAX_SAFE_INTEGER },
      },
      subscribe: { fromBeginning: true },
      // One batch at a time per partition (per-key order holds), several partitions at once.
      run: { partitionsConsumedConcurrently: TOPIC_PARTITIONS },
      postfixId: '',
    }),
  };
}
