import { Logger } from '@nestjs/common';
import { Client, ClientConfig } from 'pg';
import { outboxListening, outboxWakeUps } from '../observability/metrics';
import { backoffMs } from './retry';

/** The channel the outbox's trigger notifies on commit (OutboxNotify migration). */
export const OUTBOX_CHANNEL = 'outbox';
/** How the listening connection shows in pg_stat_activity. */
export const OUTBOX_LISTENER_NAME = 'outbox-listener';

/**
 * A connection of its own that LISTENs on the outbox channel and calls `wake` on each notification. When the
 * connection is lost (Postgres restarted, a backend ended, the network cut) it connects again with back-off, and
 * wakes once it listens again, for what was committed meanwhile; `listening` says whether the relay may rely on it.
 */
export class OutboxWakeUps {
  private readonly logger = new Logger(OutboxWakeUps.name);
  private client?: Client;
  private failures = 0;
  private retry?: NodeJS.Timeout;
  private stopped = false;

  constructor(
    private readonly config: ClientConfig,
    private readonly wake: () => void,
  ) {}

  get listening(): boolean {
    return this.client !== undefined;
  }

  start(): void {
    this.stopped = false;
    void this.connect();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.retry);
    const client = this.client;
    this.client = undefined;
    outboxListening.set(0);
    await client?.end().catch(() => undefined);
  }

  private async connect(): Promise<void> {
    const client = new Client({ ...this.config, application_name: OUTBOX_LISTENER_NAME });
    let lost = false;
    const onLost = (error: Error) => {
      if (lost) return;
      lost = true;
      this.lost(client, error);
    };
    client.on('error', onLost);
    client.on('end', () => onLost(new Error('the connection ended')));
    client.on('notification', () => {
      outboxWakeUps.inc();
      this.wake();
    });
    try {
      await client.connect();
      await client.query(`LISTEN ${OUTBOX_CHANNEL}`);
    } catch (error) {
      onLost(error as Error);
      return;
    }
    if (lost || this.stopped) {
      await client.end().catch(() => undefined);
      return;
    }
    this.client = client;
    this.failures = 0;
    outboxListening.set(1);
    this.wake();
  }

  private lost(client: Client, error: Error): void {
    if (this.client === client) this.client = undefined;
    outboxListening.set(0);
    client.end().catch(() => undefined);
    if (this.stopped) return;
    const delay = backoffMs(this.failures++, 500, 10_000);
    this.logger.warn(`outbox notifications lost (${error.message}); polling, listening again in ${delay} ms`);
    this.retry = setTimeout(() => void this.connect(), delay);
  }
}
