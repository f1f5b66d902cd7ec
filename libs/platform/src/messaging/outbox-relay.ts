import { Injectable, OnApplicationShutdown } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Message } from 'kafkajs';
import { DataSource } from 'typeorm';
import { eventsPublished, scrapedGauge } from '../observability/metrics';
import { OutboxEvent } from './event-publisher';
import { KafkaConnection } from './kafka-connection';
import { PollingLoop } from './polling-loop';

type OutboxRow = OutboxEvent & { seq: string };

const BATCH_SIZE = 500;
const IDLE_POLL_MS = 250;
// One relay per service database at a time: a transaction-scoped advisory lock keeps per-key order.
const RELAY_LOCK = 0x0c11e47;

/** Publishes committed outbox rows to Kafka at least once, in commit order (SPEC §9). */
@Injectable()
export class OutboxRelay implements OnApplicationShutdown {
  /** The last flush found the outbox empty and nothing was committed since: a poll first looks, in one statement. */
  private drained = false;
  private readonly loop = new PollingLoop('outbox relay', () => this.flushOnce(), { batchSize: BATCH_SIZE, idleMs: IDLE_POLL_MS, coalesceMs: 5 });

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly kafka: KafkaConnection,
  ) {
    scrapedGauge('outbox_backlog', 'Events committed but not yet published', [], async (gauge) => {
      const [{ count }] = await this.dataSource.query('SELECT count(*)::int AS count FROM outbox');
      gauge.set(count);
    });
  }

  start(): void {
    this.loop.start();
  }

  /** Called after a transaction that wrote to the outbox commits: publish now rather than at the next poll. */
  nudge(): void {
    this.drained = false;
    this.loop.nudge();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.loop.stop();
    // Consumers have stopped by now (Nest closes them before this hook): flush what they and the
    // HTTP requests left, then close the producer.
    while ((await this.flushOnce().catch(() => 0)) > 0);
    await this.kafka.close();
  }

  /**
   * Takes the oldest batch out of the outbox and sends it before the transaction commits: a failed send
   * or a crash rolls the delete back, and the batch is sent again (at least once).
   */
  async flushOnce(): Promise<number> {
    if (!this.kafka.isConnected) return 0;
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
      const byTopic = new Map<string, Message[]>();
      for (const row of rows) {
        const messages = byTopic.get(row.topic) ?? [];
        messages.push({ key: row.key, value: row.value, headers: row.headers });
        byTopic.set(row.topic, messages);
      }
      await this.kafka.producer.sendBatch({
        acks: -1,
        topicMessages: [...byTopic].map(([topic, messages]) => ({ topic, messages })),
      });
      for (const [topic, messages] of byTopic) eventsPublished.inc({ topic }, messages.length);
      return rows.length;
    });
    this.drained = sent === 0;
    return sent;
  }
}
