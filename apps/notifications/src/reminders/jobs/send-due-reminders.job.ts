import { Injectable, OnModuleInit } from '@nestjs/common';
import { Clock, Jobs, UnitOfWork } from '@client-gate/platform';
import { randomUUID } from 'node:crypto';
import { EntityManager, In } from 'typeorm';
import { Courier } from '../../courier/courier.service';
import { enqueueDelivery } from '../../courier/enqueue-delivery';
import { Recipient } from '../../recipients/recipient.entity';
import { daysBetween, dayOf, settleDueReminders } from '../domain/reminder-schedule';
import { Reminder } from '../reminder.entity';

const GATEWAYS_PER_BATCH = 50;

interface Settled {
  gateways: number;
  sent: number;
  skipped: number;
}

/**
 * R19, R20: turns the reminders due on the platform's day into emails, in the same transaction. Each run
 * claims whole gateways (their recipient row, skipping those another run holds), so that two runs at
 * once never send the same reminder, nor both the stale and the latest reminder of one series.
 */
@Injectable()
export class SendDueRemindersJob implements OnModuleInit {
  constructor(
    private readonly jobs: Jobs,
    private readonly unitOfWork: UnitOfWork,
    private readonly clock: Clock,
    private readonly courier: Courier,
  ) {}

  onModuleInit(): void {
    this.jobs.register('send-due-reminders', () => this.run());
  }

  async run(): Promise<{ sent: number; skipped: number }> {
    const now = this.clock.now();
    const totals = { sent: 0, skipped: 0 };
    for (;;) {
      const batch = await this.unitOfWork.run((manager) => this.settleBatch(manager, now));
      totals.sent += batch.sent;
      totals.skipped += batch.skipped;
      if (batch.gateways < GATEWAYS_PER_BATCH) break;
    }
    if (totals.sent > 0) this.courier.nudge();
    return totals;
  }

  private async settleBatch(manager: EntityManager, now: Date): Promise<Settled> {
    const today = dayOf(now);
    const recipients = await manager
      .createQueryBuilder(Recipient, 'recipient')
      .where(
        `EXISTS (SELECT 1 FROM reminder WHERE reminder.gateway_id = recipient.gateway_id
           AND reminder.status = 'scheduled' AND reminder.due_on <= :today)`,
        { today },
      )
      .orderBy('recipient.gateway_id')
      .limit(GATEWAYS_PER_BATCH)
      .setLock('pessimistic_write')
      .setOnLocked('skip_locked')
      .getMany();
    if (recipients.length === 0) return { gateways: 0, sent: 0, skipped: 0 };

    const due = await manager
      .createQueryBuilder(Reminder, 'reminder')
      .where("reminder.gateway_id IN (:...gatewayIds) AND reminder.status = 'scheduled' AND reminder.due_on <= :today", {
        gatewayIds: recipients.map((recipient) => recipient.gatewayId),
        today,
      })
      .getMany();
    const { send, skip } = settleDueReminders(
      due.map((reminder) => ({ reminder, series: seriesOf(reminder), dueOn: reminder.dueOn, expiresOn: reminder.expiresOn })),
      today,
    );

    const byGateway = new Map(recipients.map((recipient) => [recipient.gatewayId, recipient]));
    for (const { reminder } of send) {
      const recipient = byGateway.get(reminder.gatewayId)!;
      const notificationId = randomUUID();
      await enqueueDelivery(manager, {
        notificationId,
        type: reminder.kind,
        gatewayId: reminder.gatewayId,
        recipient: recipient.email,
        locale: recipient.locale,
        templateData: templateDataOf(reminder, daysBetween(today, reminder.expiresOn)),
      });
      await manager.update(Reminder, { id: reminder.id, status: 'scheduled' }, { status: 'sent', notificationId, settledAt: now });
    }
    if (skip.length > 0) {
      const ids = skip.map(({ reminder }) => reminder.id);
      await manager.update(Reminder, { id: In(ids), status: 'scheduled' }, { status: 'skipped', settledAt: now });
    }
    return { gateways: recipients.length, sent: send.length, skipped: skip.length };
  }
}

/** The reminders of one expiry of one document, or of one password. */
function seriesOf(reminder: Reminder): string {
  return [reminder.gatewayId, reminder.kind, reminder.documentType ?? '', reminder.documentNumber ?? '', reminder.expiresOn].join('|');
}

function templateDataOf(reminder: Reminder, daysLeft: number): Record<string, unknown> {
  if (reminder.kind === 'password-expiry') {
    return { passwordExpiresAt: reminder.passwordExpiresAt!.toISOString(), daysLeft, path: '/forgotten-password' };
  }
  return { documentType: reminder.documentType, expiresOn: reminder.expiresOn, daysLeft };
}
