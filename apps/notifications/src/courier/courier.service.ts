import { Inject, Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { sealedCodeBinding } from '@client-gate/contracts';
import { backoffMs, emailsFailed, emailsInFlight, emailsSent, PollingLoop, SecretSealer } from '@client-gate/platform';
import nodemailer, { Transporter } from 'nodemailer';
import { parseConnectionUrl } from 'nodemailer/lib/shared';
import SMTPPool from 'nodemailer/lib/smtp-pool';
import { DataSource, In } from 'typeorm';
import { NOTIFICATIONS_ENV, NotificationsEnv } from '../config';
import { Delivery } from './delivery.entity';
import { TemplateRenderer } from './template-renderer';

const IDLE_POLL_MS = 500;
export const MAX_SEND_ATTEMPTS = 8;
const SCRUBBED = { recipient: null, templateData: {} };
const EMAIL_ADDRESS = /[^\s<>"'@]+@[^\s<>"'@]+/g;

/**
 * Sends stored deliveries over SMTP: at least once, one Message-ID per notification id so that
 * receivers can drop a duplicate, retried with back-off, given up after N tries or at once on a
 * permanent (5xx) refusal. Retry times follow the database's clock, not the controllable one.
 *
 * A pipeline, not batches: up to SMTP_MAX_CONNECTIONS emails are in flight (one per pooled SMTP connection), and as soon
 * as one finishes (or on a nudge) the courier claims as many due deliveries as it has free connections,
 * with a lease (`claimed_until`) in a short transaction, and starts them at once; so a slow email holds
 * up only its own connection, and nothing claimed waits unstarted (there is nothing to hand back on
 * shutdown). The emails are sent outside any transaction, so a mail server that hangs holds no database
 * connection; while a lease holds no other instance takes the delivery. Each email keeps its place in
 * flight until its outcome is recorded, so a crash re-sends at most those in flight. Emails the server
 * accepted while the previous "sent" was being written are recorded together, in one statement, right
 * after it: milliseconds later, and one round trip for many emails under load.
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
  // A claim that filled every free connection counts as a full batch: more may be due, so claim again at once.
  private readonly loop = new PollingLoop('courier', () => this.fillConnections(), { batchSize: 1, idleMs: IDLE_POLL_MS, coalesceMs: 5 });
  private readonly leaseMs: number;
  private readonly inFlight = new Set<Promise<void>>();
  private connectionFreed?: () => void;
  private readonly sentToRecord: { delivery: Delivery; recorded: () => void; failed: (error: unknown) => void }[] = [];
  private recordingSent = false;
  private stopping = false;

  constructor(
    @Inject(NOTIFICATIONS_ENV) private readonly env: NotificationsEnv,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {
    const timeoutMs = env.SMTP_TIMEOUT_SECONDS * 1000;
    // Pooled connections, kept open: a new SMTP session (greeting, EHLO, maybe TLS) per email costs more
    // than the email itself under load. Nodemailer's own timeouts (2 min to connect, 10 min of silence)
    // would keep a hanging server's emails far too long. The URL is parsed here because nodemailer
    // ignores every other option of a configuration that has a `url`.
    this.transport = nodemailer.createTransport({
      ...parseConnectionUrl(env.SMTP_URL),
      pool: true,
      maxConnections: env.SMTP_MAX_CONNECTIONS,
      maxMessages: Infinity,
      // One try is one try: the courier counts tries and backs off itself, and a message the pool re-queued
      // after a dropped connection could still be in flight when its lease lapses.
      maxRequeues: 0,
      connectionTimeout: timeoutMs,
      greetingTimeout: timeoutMs,
      socketTimeout: timeoutMs,
    } as SMTPPool.Options); // @types/nodemailer lacks `maxRequeues`
    this.sealer = new SecretSealer(env.CODE_SEALING_KEYS);
    // Short, because the deliveries a crashed instance held wait for it; longer than one send can take
    // (connecting, the greeting and the slowest answer each take at most the SMTP timeout).
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
    await Promise.all(this.inFlight);
    this.transport.close();
  }

  /**
   * Waits for a free connection, then claims as many due deliveries as there are free connections and
   * starts them; 1 when it filled them all (more may be due), else 0 (wait for a nudge or the next poll).
   */
  private async fillConnections(): Promise<number> {
    if (this.inFlight.size >= this.env.SMTP_MAX_CONNECTIONS) await new Promise<void>((resolve) => (this.connectionFreed = resolve));
    if (this.stopping) return 0;
    const free = this.env.SMTP_MAX_CONNECTIONS - this.inFlight.size;
    const claimed = await this.claimDue(free);
    for (const delivery of claimed) this.startDelivery(delivery);
    return claimed.length === free ? 1 : 0;
  }

  /** Due deliveries no one holds, leased to this instance; the row locks last only this short transaction. */
  private claimDue(limit: number): Promise<Delivery[]> {
    return this.dataSource.transaction(async (manager) => {
      const due = await manager
        .createQueryBuilder(Delivery, 'delivery')
        .where("delivery.status = 'pending' AND delivery.next_attempt_at <= now()")
        .andWhere('(delivery.claimed_until IS NULL OR delivery.claimed_until <= now())')
        .orderBy('delivery.next_attempt_at')
        .limit(limit)
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

  /** Sends in the background; its connection is free again once the outcome is recorded. */
  private startDelivery(delivery: Delivery): void {
    const delivering: Promise<void> = this.deliver(delivery)
      // The database gone: the lease lapses and the email is sent again.
      .catch((error: unknown) => this.logger.warn({ notificationId: delivery.notificationId, err: (error as Error).message }, 'email outcome not recorded'))
      .finally(() => {
        this.inFlight.delete(delivering);
        const wake = this.connectionFreed;
        this.connectionFreed = undefined;
        wake?.();
      });
    this.inFlight.add(delivering);
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

  /** Resolves once recorded: with the next write of accepted emails, which starts at once when none is under way. */
  private recordSent(delivery: Delivery): Promise<void> {
    return new Promise((recorded, failed) => {
      this.sentToRecord.push({ delivery, recorded, failed });
      if (!this.recordingSent) void this.writeSent();
    });
  }

  private async writeSent(): Promise<void> {
    this.recordingSent = true;
    while (this.sentToRecord.length > 0) {
      const batch = this.sentToRecord.splice(0);
      try {
        await this.dataSource.manager.update(Delivery, { notificationId: In(batch.map((sent) => sent.delivery.notificationId)) }, {
          status: 'sent',
          attempts: () => 'attempts + 1',
          sentAt: () => 'now()',
          lastError: null,
          claimedUntil: null,
          ...SCRUBBED,
        } as never);
        for (const sent of batch) {
          emailsSent.inc({ type: sent.delivery.type });
          sent.recorded();
        }
      } catch (error) {
        for (const sent of batch) sent.failed(error);
      }
    }
    this.recordingSent = false;
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
