import { Logger } from '@nestjs/common';
import { Client, ClientConfig } from 'pg';
import { outboxListening, outboxWakeUps } from '../observability/metrics';
import { setTimeout as sleep } from 'node:timers/promises';
import { backoffMs } from './retry';

/** The channel the outbox's trigger notifies on commit (OutboxNotify migration). */
const OUTBOX_CHANNEL = 'outbox';
/** How the listening connection shows in pg_stat_activity. */
const OUTBOX_LISTENER_NAME = 'outbox-listener';
/**
 * A listening connection is idle, and a hung one (a half-open socket, a frozen backend) looks alive to TCP keepalive:
 * it is asked to answer this often, and given up when it does not within the limit.
 */
const CHECK_EVERY_MS = 10_000;
const ANSWER_WITHIN_MS = 5_000;

/**
 * A connection of its own that LISTENs on the outbox channel and calls `wake` on each notification. When the
 * connection is lost (Postgres restarted, a backend ended, the network cut, or it stopped answering) it connects again with back-off, and
 * wakes once it listens again, for what was committed meanwhile; `listening` says whether the relay may rely on it.
 */
export class OutboxWakeUps {
  private readonly logger = new Logger(OutboxWakeUps.name);
  private client?: Client;
  private failures = 0;
  private retry?: NodeJS.Timeout;
  private check?: NodeJS.Timeout;
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
    clearInterval(this.check);
    const client = this.client;
    this.client = undefined;
    outboxListening.set(0);
    if (!client) return;
    // A clean goodbye when the server answers; a hung socket is not waited for.
    await Promise.race([client.end().catch(() => undefined), sleep(1_000)]);
    destroy(client);
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
    this.check = setInterval(() => void this.answers(client).catch(onLost), CHECK_EVERY_MS);
    this.wake();
  }

  private async answers(client: Client): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    const limit = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        // end() would wait on the dead socket: it is destroyed instead.
        destroy(client);
        reject(new Error(`no answer within ${ANSWER_WITHIN_MS} ms`));
      }, ANSWER_WITHIN_MS);
    });
    try {
      await Promise.race([client.query('SELECT 1'), limit]);
    } finally {
      clearTimeout(timer);
    }
  }

  private lost(client: Client, error: Error): void {
    if (this.client === client) {
      this.client = undefined;
      clearInterval(this.check);
    }
    outboxListening.set(0);
    destroy(client);
    if (this.stopped) return;
    const delay = backoffMs(this.failures++, 500, 10_000);
    this.logger.warn(`outbox notifications lost (${error.message}); polling, listening again in ${delay} ms`);
    this.retry = setTimeout(() => void this.connect(), delay);
  }
}

/** Closes the client's socket at once, whatever the server does (pg's end() waits for the server to close it). */
function destroy(client: Client): void {
  (client as unknown as { connection?: { stream?: { destroy(): void } } }).connection?.stream?.destroy();
}
