import { KafkaContext, ServerKafka } from '@nestjs/microservices';
import { Consumer, EachBatchPayload, KafkaConfig, logLevel } from 'kafkajs';
import { setTimeout as sleep } from 'node:timers/promises';
import { kafkaRequests } from '../observability/metrics';
import { ConsumerLiveness } from './consumer-liveness';
import { backoffMs } from './retry';

export const TOPIC_PARTITIONS = 6;
const COMMIT_INTERVAL_MS = 1_000;
/** After a crash kafkajs does not restart from: long enough not to hammer a broker that is still starting. */
const RESTART_AFTER_CRASH_MS = 3_000;

/** The broker's time limits of a service (timeLimitsShape). */
export interface KafkaTimeLimits {
  KAFKA_REQUEST_TIMEOUT_SECONDS: number;
  KAFKA_CONNECT_TIMEOUT_SECONDS: number;
}

/** The one Kafka client configuration every service uses, from env (KAFKA_BROKERS and the time limits; kafkajs's own without them). */
export function kafkaClientConfig(clientId: string, brokers: string[], limits?: KafkaTimeLimits): KafkaConfig {
  return {
    clientId,
    brokers,
    // Connection failures are retried and reported by the platform itself (retryForever), not logged per try.
    logLevel: logLevel.NOTHING,
    retry: { initialRetryTime: 300, maxRetryTime: 5_000, retries: 5 },
    // Every request to the broker, and every connection, ends in time: a frozen broker is an error, then a retry.
    ...(limits && {
      requestTimeout: limits.KAFKA_REQUEST_TIMEOUT_SECONDS * 1000,
      connectionTimeout: limits.KAFKA_CONNECT_TIMEOUT_SECONDS * 1000,
    }),
  };
}

/** Consecutive failed batches of a partition before its back-off reaches its longest. */
const HANDLER_BACKOFF = { baseMs: 1_000, maxMs: 30_000 };

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
  private watchdogTimer?: NodeJS.Timeout;
  private restarting = false;
  private closing = false;
  private restartAfterCrash?: NodeJS.Timeout;
  /** Since when the consumer has been out of its group (a crash or a rebalance); undefined while it is in. */
  private outOfGroupSince?: number;
  /** Consecutive failed batches per partition: the back-off before the rest of the batch is fetched again. */
  private readonly failures = new Map<string, number>();

  constructor(
    options: ConstructorParameters<typeof ServerKafka>[0],
    private readonly liveness: ConsumerLiveness,
  ) {
    super(options);
  }

  /** Starts consuming, and the watchdog that restarts a stalled consumer (SPEC §9). */
  override async listen(callback: (error?: unknown) => void): Promise<void> {
    await super.listen(callback);
    const stallMs = this.liveness.watchdog.stallMs;
    this.watchdogTimer = setInterval(() => void this.watch(), Math.max(250, Math.min(5_000, stallMs / 4)));
    this.watchdogTimer.unref();
  }

  override async bindEvents(consumer: Consumer): Promise<void> {
    this.liveness.started();
    consumer.on(consumer.events.REQUEST, ({ payload }) => kafkaRequests.inc({ client: 'consumer', api: payload.apiName }));
    consumer.on(consumer.events.GROUP_JOIN, ({ payload }) => {
      this.liveness.joinedWith(payload.memberAssignment);
      // How long the group was left without this member (a coordinator lost with its broker, a rebalance).
      if (this.outOfGroupSince !== undefined) {
        this.logger.warn({ group: this.liveness.group, outOfGroupMs: Date.now() - this.outOfGroupSince }, 'consumer rejoined its group');
        this.outOfGroupSince = undefined;
      }
    });
    consumer.on(consumer.events.REBALANCING, () => (this.outOfGroupSince ??= Date.now()));
    consumer.on(consumer.events.FETCH_START, () => this.liveness.watchdog.fetched(Date.now()));
    // A crash is logged (kafkajs's own errors are too, see kafkaMicroserviceOptions). One kafkajs does not restart
    // from (a non-retriable error, such as its broker pool's lock timing out while a broker restarts) leaves the
    // consumer out of its group: it is started again after a short pause, rather than when the watchdog sees no
    // fetch for the whole stall time.
    consumer.on(consumer.events.CRASH, ({ payload }) => {
      this.outOfGroupSince ??= Date.now();
      this.logger.error({ err: payload.error?.message, restart: payload.restart, groupId: payload.groupId }, 'Kafka consumer crashed');
      if (payload.restart) return;
      this.liveness.crashed();
      this.restartSoon();
    });
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
    this.closing = true;
    clearInterval(this.watchdogTimer);
    clearTimeout(this.restartAfterCrash);
    clearTimeout(this.trailingCommit);
    this.liveness.stopped();
    await super.close();
  }

  /** The watchdog's round: a stalled consumer is stopped and started again in the process. */
  private async watch(): Promise<void> {
    if (this.restarting) return;
    if (this.liveness.inspect().length > 0) await this.restart('stalled');
  }

  private restartSoon(): void {
    clearTimeout(this.restartAfterCrash);
    this.restartAfterCrash = setTimeout(() => void this.restart('crashed for good'), RESTART_AFTER_CRASH_MS);
    this.restartAfterCrash.unref();
  }

  /** Stops the consumer and starts it again in the process (counted in consumer_restarts_total). */
  private async restart(reason: 'stalled' | 'crashed for good'): Promise<void> {
    if (this.restarting || this.closing) return;
    clearTimeout(this.restartAfterCrash);
    this.logger.warn({ group: this.liveness.group, reason }, 'starting the consumer again');
    this.restarting = true;
    this.liveness.restarted();
    try {
      // Stopping makes isRunning() false: a batch waiting out an outage gives up at its next heartbeat. One that
      // never returns holds the disconnect: past the stall time it is left behind, and liveness stays failed.
      const stopped = Promise.resolve(this.consumer?.disconnect()).catch(() => undefined);
      const stopMs = this.liveness.watchdog.stallMs;
      await Promise.race([stopped, sleep(stopMs, undefined, { ref: false })]);
      await Promise.resolve(this.producer?.disconnect()).catch(() => undefined);
      this.consumer = null;
      this.producer = null;
      this.client = null;
      this.failures.clear();
      this.liveness.started();
      await super.listen((error?: unknown) => {
        if (!error) return;
        this.logger.error({ err: (error as Error).message, group: this.liveness.group }, 'consumer restart failed; trying again');
        this.liveness.crashed();
        this.restartSoon();
      });
    } finally {
      this.restarting = false;
    }
  }

  private async handleBatch(payload: EachBatchPayload): Promise<void> {
    const { topic, partition, messages, highWatermark } = payload.batch;
    if (messages.length === 0) return;
    const { watchdog } = this.liveness;
    watchdog.batchOpened(topic, partition, messages[0].offset, Date.now());
    const tracked: EachBatchPayload = {
      ...payload,
      resolveOffset: (offset: string) => {
        payload.resolveOffset(offset);
        watchdog.applied(topic, partition, offset, Date.now());
      },
    };
    const context = new KafkaContext([messages[0], partition, topic, this.consumer!, payload.heartbeat, this.producer!]);
    try {
      await this.handleEvent(topic, { pattern: topic, data: tracked }, context);
      this.failures.delete(`${topic}/${partition}`);
    } catch (error) {
      await this.backOff(tracked, error);
      return;
    } finally {
      watchdog.batchClosed(topic, partition, highWatermark, Date.now());
    }
    await payload.commitOffsetsIfNecessary();
    // Once the records stop coming, what was applied last is committed too (the lag returns to zero).
    clearTimeout(this.trailingCommit);
    this.trailingCommit = setTimeout(() => void payload.commitOffsetsIfNecessary(payload.uncommittedOffsets()).catch(() => undefined), COMMIT_INTERVAL_MS);
    this.trailingCommit.unref();
  }

  /**
   * A batch whose handler threw (its error has been logged by Nest's filter): the rest of it would be fetched
   * again at once, in a hot loop. Waits first, heartbeating, longer after each failure in a row.
   */
  private async backOff(payload: EachBatchPayload, error: unknown): Promise<void> {
    const { topic, partition } = payload.batch;
    const name = `${topic}/${partition}`;
    const failures = (this.failures.get(name) ?? 0) + 1;
    this.failures.set(name, failures);
    const delayMs = backoffMs(failures - 1, HANDLER_BACKOFF.baseMs, HANDLER_BACKOFF.maxMs);
    this.logger.error(
      { group: this.liveness.group, topic, partition, offset: payload.batch.firstOffset(), failures, retryInMs: delayMs, err: (error as Error)?.message ?? String(error) },
      'batch failed; fetching it again after a back-off',
    );
    for (let left = delayMs; left > 0 && payload.isRunning() && !payload.isStale(); left -= 1_000) {
      await sleep(Math.min(left, 1_000));
      await payload.heartbeat().catch(() => undefined);
    }
  }
}

/** The Nest Kafka transport: one consumer group per service; the inbox decodes the raw records. */
export function kafkaMicroserviceOptions(
  service: string,
  brokers: string[],
  liveness: ConsumerLiveness,
  limits?: KafkaTimeLimits,
): { strategy: BatchingKafkaServer } {
  return {
    strategy: new BatchingKafkaServer({
      // kafkajs's own errors are logged (through Nest's logger): a consumer must not fail in silence.
      client: { ...kafkaClientConfig(`${service}-consumer`, brokers, limits), logLevel: logLevel.ERROR },
      consumer: {
        groupId: service,
        allowAutoTopicCreation: false,
        // A short long-poll lets a new instance join the group in well under a second, and a short
        // session lets the group notice a killed instance in 10 s rather than 30.
        maxWaitTimeInMs: 500,
        sessionTimeout: 10_000,
        heartbeatInterval: 1_000,
        // After a broker restart the coordinator waits this long for every member of the old generation to
        // rejoin, even one that crashed and came back under a new member id: kafkajs's 60 s default kept the whole
        // group waiting that long (a chaos run recovered in 84 s). A member whose batch runs longer is dropped and
        // rejoins; the inbox recognises what it applied.
        rebalanceTimeout: 20_000,
        // Bounded: after these a crash is final, logged, and the watchdog starts the consumer again.
        retry: { initialRetryTime: 300, maxRetryTime: 30_000, retries: 10 },
      },
      subscribe: { fromBeginning: true },
      // One batch at a time per partition (per-key order holds), several partitions at once.
      run: { partitionsConsumedConcurrently: TOPIC_PARTITIONS },
      postfixId: '',
    }, liveness),
  };
}
