import { Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Message } from 'kafkajs';
import { setTimeout as sleep } from 'node:timers/promises';
import { DataSource } from 'typeorm';
import { eventsPublished, scrapedGauge } from '../observability/metrics';
import { KafkaConnection } from './kafka-connection';
import { backoffMs } from './retry';

interface OutboxRow {
  seq: string;
  topic: string;
  key: string;
  headers: Record<string, string>;
  value: string;
}

const BATCH_SIZE = 500;
const IDLE_POLL_MS = 250;
// One relay per service database at a time: a transaction-scoped advisory lock keeps per-key order.
const RELAY_LOCK = 0x0c11e47;

/** Publishes committed outbox rows to Kafka at least once, in commit order (SPEC §9). */
@Injectable()
export class OutboxRelay implements OnApplicationShutdown {
  private readonly logger = new Logger(OutboxRelay.name);
  private running = false;
  private loop?: Promise<void>;
  private wake?: () => void;
  private pendingNudge = false;

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
    if (this.running) return;
    this.running = true;
    this.loop = this.run();
  }

  /** Called after a transaction that wrote to the outbox commits: publish now rather than at the next poll. */
  nudge(): void {
    this.pendingNudge = true;
    this.wake?.();
  }

  async onApplicationShutdown(): Promise<void> {
    this.running = false;
    this.wake?.();
    await this.loop;
    // Consumers have stopped by now (Nest closes them before this hook): flush what they and the
    // HTTP requests left, then close the producer.
    while ((await this.flushOnce().catch(() => 0)) > 0);
    await this.kafka.close();
  }

  private async run(): Promise<void> {
    let failures = 0;
    while (this.running) {
      try {
        const published = await this.flushOnce();
        failures = 0;
        if (published < BATCH_SIZE) await this.idle();
      } catch (error) {
        const delay = backoffMs(failures++, 200, 10_000);
        this.logger.warn(`outbox relay failed (${(error as Error).message}); retrying in ${delay} ms`);
        await sleep(delay);
      }
    }
  }

  private idle(): Promise<void> {
    if (this.pendingNudge) {
      this.pendingNudge = false;
      return Promise.resolve();
    }
    return new Promise((resolve) => {
      const timer = setTimeout(() => this.wake?.(), IDLE_POLL_MS);
      this.wake = () => {
        clearTimeout(timer);
        this.wake = undefined;
        this.pendingNudge = false;
        resolve();
      };
    });
  }

  /** Sends one batch and deletes it in the same transaction; a crash in between re-sends (at least once). */
  async flushOnce(): Promise<number> {
    if (!this.kafka.isConnected) return 0;
    return this.dataSource.transaction(async (manager) => {
      const [{ locked }] = await manager.query('SELECT pg_try_advisory_xact_lock($1) AS locked', [RELAY_LOCK]);
      if (!locked) return 0;
      const rows: OutboxRow[] = await manager.query(
        'SELECT seq, topic, key, headers, value FROM outbox ORDER BY seq LIMIT $1',
        [BATCH_SIZE],
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
      await manager.query('DELETE FROM outbox WHERE seq = ANY($1::bigint[])', [rows.map((row) => row.seq)]);
      for (const [topic, messages] of byTopic) eventsPublished.inc({ topic }, messages.length);
      return rows.length;
    });
  }
}
