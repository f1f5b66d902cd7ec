import { Inject, Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { sealedCodeBinding } from '@client-gate/contracts';
import { backoffMs, emailsFailed, emailsInFlight, emailsSent, PollingLoop, SecretSealer } from '@client-gate/platform';
import nodemailer, { Transporter } from 'nodemailer';
import { DataSource, In } from 'typeorm';
import { NOTIFICATIONS_ENV, NotificationsEnv } from '../config';
import { Delivery } from './delivery.entity';
import { TemplateRenderer } from './template-renderer';

const BATCH_SIZE = 100;
const IDLE_POLL_MS = 500;
/** SMTP connections kept open, and so emails handed over at once. */
const CONNECTIONS = 8;
export const MAX_SEND_ATTEMPTS = 8;
const SCRUBBED = { recipient: null, templateData: {} };
const EMAIL_ADDRESS = /[^\s<>"'@]+@[^\s<>"'@]+/g;

/**
 * Sends stored deliveries over SMTP: at least once, one Message-ID per notification id so that
 * receivers can drop a duplicate, retried with back-off, given up after N tries or at once on a
 * permanent (5xx) refusal. Retry times follow the database's clock, not the controllable one.
 *
 * A batch is claimed with a lease (`claimed_until`) in a short transaction; the emails are sent
 * outside any transaction, and each is recorded as soon as the server answered it, so a mail server
 * that hangs holds no database connection and a crash re-sends at most the emails in flight. While a
 * lease holds no other instance takes the delivery; an email is only started while enough of the
 * lease remains for the SMTP timeouts, the rest is handed back.
 *
 * A sent or given-up delivery keeps no address or template data (data minimisation, R12, R17): what
 * remains is which email went to which gateway, when, and why it failed.
 */
@Injectable()
export class Courier implements OnApplicationShutdown {
  private readonly logger = new Logger(Courier.name);
  private readonly transport: Transporter;
  private readonly renderer = new TemplateRenderer();
  private readonly sealer: SecretSealer;
  private readonly loop = new PollingLoop('courier', () => this.dispatchDue(), { batchSize: BATCH_SIZE, idleMs: IDLE_POLL_MS, coalesceMs: 5 });
  /** Connecting, the greeting and the slowest answer each take at most the SMTP timeout. */
  private readonly longestSendMs: number;
  private readonly leaseMs: number;
  private stopping = false;

  constructor(
    @Inject(NOTIFICATIONS_ENV) private readonly env: NotificationsEnv,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {
    const timeoutMs = env.SMTP_TIMEOUT_SECONDS * 1000;
    // Pooled connections, kept open: a new SMTP session (greeting, EHLO, maybe TLS) per 100 emails
    // (nodemailer's default) costs more than the emails themselves under load. Nodemailer's own
    // timeouts (2 min to connect, 10 min of silence) would keep a hanging server's emails far too long.
    this.transport = nodemailer.createTransport({
      url: env.SMTP_URL,
      pool: true,
      maxConnections: CONNECTIONS,
      maxMessages: Infinity,
      connectionTimeout: timeoutMs,
      greetingTimeout: timeoutMs,
      socketTimeout: timeoutMs,
    } as never);
    this.sealer = new SecretSealer(env.CODE_SEALING_KEYS);
    this.longestSendMs = 3 * timeoutMs;
    // Short, because the deliveries a crashed instance held wait for it; long enough to start sends for one timeout.
    this.leaseMs = 4 * timeoutMs;
  }

  start(): void {
    this.loop.start();
  }

  nudge(): void {
    this.loop.nudge();
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopping = true;
    await this.loop.stop();
    this.transport.close();
  }

  /** Claims the deliveries that are due and sends them, a few at a time; how many it claimed. */
  async dispatchDue(): Promise<number> {
    const leaseEnds = Date.now() + this.leaseMs;
    const claimed = await this.claimDue();
    const queue = [...claimed];
    const handBack: Delivery[] = [];
    const errors: unknown[] = [];
    const sender = async () => {
      for (let delivery = queue.shift(); delivery; delivery = queue.shift()) {
        if (this.stopping || Date.now() + this.longestSendMs > leaseEnds) handBack.push(delivery);
        else await this.deliver(delivery).catch((error: unknown) => errors.push(error));
      }
    };
    await Promise.all(Array.from({ length: CONNECTIONS }, sender));
    await this.release(handBack);
    // An outcome that could not be recorded (the database gone): its lease lapses and it is sent again.
    if (errors.length > 0) throw errors[0];
    return claimed.length;
  }

  /** Due deliveries no one holds, leased to this instance; the row locks last only this short transaction. */
  private claimDue(): Promise<Delivery[]> {
    return this.dataSource.transaction(async (manager) => {
      const due = await manager
        .createQueryBuilder(Delivery, 'delivery')
        .where("delivery.status = 'pending' AND delivery.next_attempt_at <= now()")
        .andWhere('(delivery.claimed_until IS NULL OR delivery.claimed_until <= now())')
        .orderBy('delivery.next_attempt_at')
        .limit(BATCH_SIZE)
        .setLock('pessimistic_write')
        .setOnLocked('skip_locked')
        .getMany();
      if (due.length > 0) {
        await manager.update(Delivery, { notificationId: In(due.map((delivery) => delivery.notificationId)) }, {
          claimedUntil: () => `now() + make_interval(secs => ${this.leaseMs / 1000})`,
        } as never);
      }
      return due;
    });
  }

  /** Sends one email and records at once what became of it. */
  private async deliver(delivery: Delivery): Promise<void> {
    emailsInFlight.inc();
    const error = await this.send(delivery).finally(() => emailsInFlight.dec());
    if (error) await this.recordFailed(delivery, error);
    else await this.recordSent(delivery);
  }

  /** Renders and hands one email to the SMTP server; the error when that failed. */
  private async send(delivery: Delivery): Promise<Error | undefined> {
    try {
      const email = this.renderer.render(delivery.type, delivery.locale, this.templateData(delivery));
      await this.transport.sendMail({
        from: this.env.MAIL_FROM,
        to: delivery.recipient!,
        subject: email.subject,
        html: email.html,
        text: email.text,
        messageId: `<${delivery.notificationId}@client-gate>`,
        headers: { 'X-Notification-Type': delivery.type, 'X-Notification-Id': delivery.notificationId },
      });
      return undefined;
    } catch (error) {
      return error as Error;
    }
  }

  private async recordSent(delivery: Delivery): Promise<void> {
    await this.dataSource.manager.update(Delivery, { notificationId: delivery.notificationId }, {
      status: 'sent',
      attempts: () => 'attempts + 1',
      sentAt: () => 'now()',
      lastError: null,
      claimedUntil: null,
      ...SCRUBBED,
    } as never);
    emailsSent.inc({ type: delivery.type });
  }

  private async recordFailed(delivery: Delivery, error: Error): Promise<void> {
    const attempts = delivery.attempts + 1;
    const permanent = ((error as { responseCode?: number }).responseCode ?? 0) >= 500 || attempts >= MAX_SEND_ATTEMPTS;
    // SMTP refusals often quote the address.
    const lastError = error.message.replace(EMAIL_ADDRESS, '<address>').slice(0, 500);
    this.logger.warn({ notificationId: delivery.notificationId, attempts, permanent, err: lastError }, 'email not sent');
    emailsFailed.inc({ type: delivery.type, permanent: String(permanent) });
    await this.dataSource.manager.update(Delivery, { notificationId: delivery.notificationId }, {
      attempts,
      lastError,
      status: permanent ? 'failed' : 'pending',
      nextAttemptAt: () => `now() + make_interval(secs => ${backoffMs(attempts - 1, 1000, 300_000) / 1000})`,
      claimedUntil: null,
      ...(permanent ? SCRUBBED : {}),
    } as never);
  }

  /** Hands back deliveries claimed but not started, for this or another instance to take at once. */
  private async release(deliveries: Delivery[]): Promise<void> {
    if (deliveries.length === 0) return;
    await this.dataSource.manager.update(Delivery, { notificationId: In(deliveries.map((delivery) => delivery.notificationId)) }, {
      claimedUntil: null,
    });
  }

  /** Opens sealed secrets only now, in memory, for rendering. */
  private templateData(delivery: Delivery): Record<string, unknown> {
    const { sealedCode, path, ...rest } = delivery.templateData as Record<string, unknown> & {
      sealedCode?: Parameters<SecretSealer['open']>[0];
      path?: string;
    };
    const data: Record<string, unknown> = { ...rest };
    // A code's delivery always names its gateway (the seal is bound to it and to the notification id).
    if (sealedCode) data['code'] = this.sealer.open(sealedCode, sealedCodeBinding({ gatewayId: delivery.gatewayId!, notificationId: delivery.notificationId }));
    if (path) data['link'] = `${this.env.PUBLIC_ACTIVATION_URL}${path}?lang=${delivery.locale}`;
    return data;
  }
}
