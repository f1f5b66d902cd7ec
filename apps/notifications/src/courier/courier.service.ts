import { Inject, Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { sealedCodeBinding } from '@client-gate/contracts';
import { backoffMs, emailsFailed, emailsSent, PollingLoop, SecretSealer } from '@client-gate/platform';
import nodemailer, { Transporter } from 'nodemailer';
import { DataSource, EntityManager } from 'typeorm';
import { NOTIFICATIONS_ENV, NotificationsEnv } from '../config';
import { Delivery } from './delivery.entity';
import { TemplateRenderer } from './template-renderer';

const BATCH_SIZE = 100;
const IDLE_POLL_MS = 500;
export const MAX_SEND_ATTEMPTS = 8;
const SCRUBBED = { recipient: null, templateData: {} };
const EMAIL_ADDRESS = /[^\s<>"'@]+@[^\s<>"'@]+/g;

/**
 * Sends stored deliveries over SMTP: at least once, one Message-ID per notification id so that
 * receivers can drop a duplicate, retried with back-off, given up after N tries or at once on a
 * permanent (5xx) refusal. Retry times follow the database's clock, not the controllable one.
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

  constructor(
    @Inject(NOTIFICATIONS_ENV) private readonly env: NotificationsEnv,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {
    // Pooled connections, kept open: a new SMTP session (greeting, EHLO, maybe TLS) per 100 emails
    // (nodemailer's default) costs more than the emails themselves under load.
    this.transport = nodemailer.createTransport({ url: env.SMTP_URL, pool: true, maxConnections: 8, maxMessages: Infinity } as never);
    this.sealer = new SecretSealer(env.CODE_SEALING_KEYS);
  }

  start(): void {
    this.loop.start();
  }

  nudge(): void {
    this.loop.nudge();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.loop.stop();
    this.transport.close();
  }

  /** Sends the deliveries that are due; rows are locked so that two instances never send the same one at once. */
  async dispatchDue(): Promise<number> {
    return this.dataSource.transaction(async (manager) => {
      const due = await manager
        .createQueryBuilder(Delivery, 'delivery')
        .where("delivery.status = 'pending' AND delivery.next_attempt_at <= now()")
        .orderBy('delivery.next_attempt_at')
        .limit(BATCH_SIZE)
        .setLock('pessimistic_write')
        .setOnLocked('skip_locked')
        .getMany();
      // SMTP hand-overs run side by side (pooled connections); the sent ones are then recorded in one
      // statement, the failed ones one by one (one transaction's connection takes one query at a time).
      const outcomes = await Promise.all(due.map((delivery) => this.send(delivery)));
      const sent = due.filter((_, index) => !outcomes[index]);
      await this.recordSent(manager, sent);
      for (const [index, delivery] of due.entries()) {
        const error = outcomes[index];
        if (error) await this.recordFailed(manager, delivery, error);
      }
      return due.length;
    });
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

  private async recordSent(manager: EntityManager, sent: Delivery[]): Promise<void> {
    if (sent.length === 0) return;
    await manager
      .createQueryBuilder()
      .update(Delivery)
      .set({ status: 'sent', attempts: () => 'attempts + 1', sentAt: () => 'now()', lastError: null, ...SCRUBBED } as never)
      .where('notification_id = ANY(:ids)', { ids: sent.map((delivery) => delivery.notificationId) })
      .execute();
    for (const delivery of sent) emailsSent.inc({ type: delivery.type });
  }

  private async recordFailed(manager: EntityManager, delivery: Delivery, error: Error): Promise<void> {
    const attempts = delivery.attempts + 1;
    const permanent = ((error as { responseCode?: number }).responseCode ?? 0) >= 500 || attempts >= MAX_SEND_ATTEMPTS;
    // SMTP refusals often quote the address.
    const lastError = error.message.replace(EMAIL_ADDRESS, '<address>').slice(0, 500);
    this.logger.warn({ notificationId: delivery.notificationId, attempts, permanent, err: lastError }, 'email not sent');
    emailsFailed.inc({ type: delivery.type, permanent: String(permanent) });
    await manager.update(Delivery, { notificationId: delivery.notificationId }, {
      attempts,
      lastError,
      status: permanent ? 'failed' : 'pending',
      nextAttemptAt: () => `now() + make_interval(secs => ${backoffMs(attempts - 1, 1000, 300_000) / 1000})`,
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
