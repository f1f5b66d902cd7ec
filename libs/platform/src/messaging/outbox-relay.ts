import { Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Message } from 'kafkajs';
import { DataSource } from 'typeorm';
import { eventsPublished, kafkaPublishHeldUp, outboxDeadLettered, outboxRelayFailures, scrapedGauge } from '../observability/metrics';
import { DeadLetters } from './dead-letters';
import { OutboxEvent } from './event-publisher';
import { KafkaConnection, permanentRefusal, UnacknowledgedPartitionsError } from './kafka-connection';
import { OutboxWakeUps } from './outbox-wake-ups';
import { PollingLoop } from './polling-loop';

type OutboxRow = OutboxEvent & { seq: string };

const BATCH_SIZE = 500;
const IDLE_POLL_MS = 250;
/** While commits wake the relay (LISTEN/NOTIFY), polls are only the safety net. */
const LISTENING_POLL_MS = 5_000;
// One relay per service database at a time: a transaction-scoped advisory lock keeps per-key order.
const RELAY_LOCK = 0x0c11e47;
/** Failing this long without a success, the relay makes the service not ready (readiness shows why). */
export const RELAY_STALL_MS = 30_000;
/** A send that took this long waited on the cluster (a leader election, most likely): logged, with how long. */
const HELD_UP_MS = 2_000;

/** Publishes committed outbox rows to Kafka at least once, in commit order (SPEC §9). */
@Injectable()
export class OutboxRelay implements OnApplicationShutdown {
  private readonly logger = new Logger(OutboxRelay.name);
  /** The last flush found the outbox empty and nothing was committed since: a poll first looks, in one statement. */
  private drained = false;
  private readonly loop = new PollingLoop('outbox relay', () => this.flushCounted(), {
    batchSize: BATCH_SIZE,
    idleMs: () => (this.wakeUps?.listening ? LISTENING_POLL_MS : IDLE_POLL_MS),
    coalesceMs: 5,
  });
  /** Commits of every instance wake the relay; absent on a one-connection database (PGlite), where it polls. */
  private readonly wakeUps?: OutboxWakeUps;
  /** Since when every attempt has failed, and why; undefined while the relay works. */
  private failing?: { since: number; error: string; kafka: boolean };

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly kafka: KafkaConnection,
    private readonly deadLetters: DeadLetters,
  ) {
    const { url, extra } = dataSource.options as { url?: string; extra?: Record<string, unknown> };
    // The pool's own settings (keepalive, time limits), without its client class and sizes.
    const { Client: _client, max, idleTimeoutMillis: _idle, queryLimitMs: _limit, ...connection } = extra ?? {};
    // A notification only wakes the loop: after a flush that found nothing, its cheap look (flushOnce) finds another
    // instance's rows, and skips the transaction for this instance's own commits, which nudge() already published.
    if (Number(max) > 1) this.wakeUps = new OutboxWakeUps({ ...connection, connectionString: url }, () => this.loop.nudge());
    scrapedGauge('outbox_backlog', 'Events committed but not yet published', [], async (gauge) => {
      const [{ count }] = await this.dataSource.query('SELECT count(*)::int AS count FROM outbox');
      gauge.set(count);
    });
    scrapedGauge('outbox_oldest_event_age_seconds', 'Age of the oldest event not yet published (0 when none)', [], async (gauge) => {
      gauge.set(await this.oldestEventAgeSeconds());
    });
  }

  start(): void {
    this.wakeUps?.start();
    this.loop.start();
  }

  /** Called after a transaction that wrote to the outbox commits: publish now rather than at the next poll. */
  nudge(): void {
    this.drained = false;
    this.loop.nudge();
  }

  /** How long the relay has failed without a success, and the last error; undefined while it works. */
  stalled(now = Date.now()): { forMs: number; error: string } | undefined {
    if (!this.failing || now - this.failing.since < RELAY_STALL_MS) return undefined;
    return { forMs: now - this.failing.since, error: this.failing.error };
  }

  async oldestEventAgeSeconds(): Promise<number> {
    const [{ age }] = await this.dataSource.query(
      'SELECT coalesce(extract(epoch FROM now() - min(created_at)), 0)::float AS age FROM outbox',
    );
    return age;
  }

  async onApplicationShutdown(): Promise<void> {
    await this.wakeUps?.stop();
    await this.loop.stop();
    // Consumers have stopped by now (Nest closes them before this hook): flush what they and the
    // HTTP requests left, then close the producer.
    while ((await this.flushOnce().catch(() => 0)) > 0);
    await this.kafka.close();
  }

  /**
   * Takes the oldest batch out of the outbox and sends it before the transaction commits: a failed send
   * or a crash rolls the delete back, and the batch is sent again (at least once). A row that Kafka
   * refuses for good goes to the dead-letter topic instead, so that it holds back no other.
   *
   * The transaction is held during the send on purpose: its row deletes and advisory lock are what keep one
   * relay per database at a time and per-key order, and what make a crash mid-send resend rather than lose.
   * It is bounded (SPEC §9): the send by KAFKA_REQUEST_TIMEOUT_SECONDS per request, and the transaction, idle
   * while it waits, by DATABASE_IDLE_IN_TRANSACTION_TIMEOUT_SECONDS, past which Postgres ends it and the
   * batch is sent again. Only the relay's own pooled connection is held (a one-connection PGlite shares it).
   */
  async flushOnce(): Promise<number> {
    // While idle, polls find rows only another instance committed (or one whose send failed): look before a transaction.
    if (this.drained) {
      const [{ waiting }] = await this.dataSource.query('SELECT EXISTS (SELECT FROM outbox) AS waiting');
      if (!waiting) return 0;
    }
    const sent = await this.dataSource.transaction(async (manager) => {
      // The lock is an InitPlan, taken once before any row is deleted; without it, nothing is taken.
      const rows: OutboxRow[] = await manager.query(
        `WITH taken AS (
           DELETE FROM outbox
           WHERE (SELECT pg_try_advisory_xact_lock($2)) AND seq IN (SELECT seq FROM outbox ORDER BY seq LIMIT $1)
           RETURNING seq, topic, key, headers, value
         )
         SELECT * FROM taken ORDER BY seq`,
        [BATCH_SIZE, RELAY_LOCK],
      );
      if (rows.length === 0) return 0;
      try {
        await this.send(rows);
      } catch (error) {
        if (!permanentRefusal(error)) throw error;
        // Which rows are refused: one at a time, in order (what went through already is sent again: at least once).
        for (const row of rows) await this.sendOrSetAside(row);
      }
      return rows.length;
    });
    this.drained = sent === 0;
    return sent;
  }

  /** flushOnce, keeping count of failures for the metric and readiness. */
  private async flushCounted(): Promise<number> {
    // A send to a lost broker takes seconds to fail (kafkajs retries): the outbox stopped draining when it began.
    const started = Date.now();
    try {
      const handled = await this.flushOnce();
      if (this.failing?.kafka) this.heldUp(Date.now() - this.failing.since, this.failing.error);
      this.failing = undefined;
      return handled;
    } catch (error) {
      outboxRelayFailures.inc();
      // Only the cluster's hold-ups are measured (kafka_publish_held_up_seconds); the database's show elsewhere.
      const kafka = error instanceof UnacknowledgedPartitionsError || (error instanceof Error && error.name.startsWith('KafkaJS'));
      this.failing = { since: this.failing?.since ?? started, error: (error as Error).message, kafka: kafka || Boolean(this.failing?.kafka) };
      await this.kafka.recoverFrom(error).catch(() => undefined);
      throw error;
    }
  }

  private async send(rows: OutboxRow[]): Promise<void> {
    const byTopic = new Map<string, Message[]>();
    for (const row of rows) {
      const messages = byTopic.get(row.topic) ?? [];
      messages.push({ key: row.key, value: row.value, headers: row.headers });
      byTopic.set(row.topic, messages);
    }
    const started = Date.now();
    await this.kafka.sendBatch([...byTopic].map(([topic, messages]) => ({ topic, messages })));
    if (Date.now() - started >= HELD_UP_MS) this.heldUp(Date.now() - started);
    for (const [topic, messages] of byTopic) eventsPublished.inc({ topic }, messages.length);
  }

  /**
   * Publishing waited this long on the cluster (kafkajs retrying through a leader election or a lost broker, or
   * failed sends): what a leader change cost this service, for operators and the chaos run's report.
   */
  private heldUp(ms: number, lastError?: string): void {
    kafkaPublishHeldUp.observe(ms / 1000);
    this.logger.warn({ heldUpMs: ms, lastError }, 'publishing to Kafka was held up');
  }

  private async sendOrSetAside(row: OutboxRow): Promise<void> {
    try {
      await this.send([row]);
    } catch (error) {
      const refusal = permanentRefusal(error);
      if (!refusal) throw error;
      this.logger.error(
        { topic: row.topic, eventId: row.headers['ce_id'], type: row.headers['ce_type'], refusal, err: (error as Error).message },
        'event refused by Kafka, dead-lettered',
      );
      await this.deadLetters.sendUnpublished(row, new Error(`Kafka refused it for good (${refusal}): ${(error as Error).message}`));
      outboxDeadLettered.inc({ topic: row.topic, reason: refusal });
    }
  }
}
