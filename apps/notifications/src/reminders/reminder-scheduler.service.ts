import { Injectable } from '@nestjs/common';
import { ReminderSettings } from '@client-gate/contracts';
import { Clock } from '@client-gate/platform';
import { randomUUID } from 'node:crypto';
import { EntityManager } from 'typeorm';
import { dayOf, DOCUMENT_THRESHOLDS, PASSWORD_THRESHOLDS, planReminders } from './domain/reminder-schedule';
import { Reminder, ReminderKind } from './reminder.entity';

type PlannedRow = Pick<Reminder, 'documentType' | 'documentNumber' | 'expiresOn' | 'passwordExpiresAt' | 'thresholdDays' | 'dueOn'>;

/**
 * Makes the schedules of R19 and R20. A new schedule replaces the reminders not yet sent; those already
 * sent (or skipped) stay, and their unique key keeps the same document and threshold from coming again.
 */
@Injectable()
export class ReminderScheduler {
  constructor(private readonly clock: Clock) {}

  /** R19: from the reminder settings of a registration or a `modify`. */
  async scheduleDocuments(manager: EntityManager, gatewayId: string, settings: ReminderSettings): Promise<void> {
    const today = dayOf(this.clock.now());
    const planned = settings.enabled
      ? settings.documents.flatMap((document) =>
          planReminders(document.expiresOn, DOCUMENT_THRESHOLDS[document.type], today).map((reminder) => ({
            ...reminder,
            documentType: document.type,
            documentNumber: document.number,
            expiresOn: document.expiresOn,
            passwordExpiresAt: null,
          })),
        )
      : [];
    await this.replace(manager, gatewayId, 'document-expiry', planned);
  }

  /** R20: from each new password's expiry. */
  async schedulePassword(manager: EntityManager, gatewayId: string, passwordExpiresAt: Date): Promise<void> {
    const expiresOn = dayOf(passwordExpiresAt);
    const planned = planReminders(expiresOn, PASSWORD_THRESHOLDS, dayOf(this.clock.now())).map((reminder) => ({
      ...reminder,
      documentType: null,
      documentNumber: null,
      expiresOn,
      passwordExpiresAt,
    }));
    await this.replace(manager, gatewayId, 'password-expiry', planned);
  }

  private async replace(manager: EntityManager, gatewayId: string, kind: ReminderKind, planned: PlannedRow[]): Promise<void> {
    await manager.delete(Reminder, { gatewayId, kind, status: 'scheduled' });
    if (planned.length === 0) return;
    const createdAt = this.clock.now();
    await manager
      .createQueryBuilder()
      .insert()
      .into(Reminder)
      .values(planned.map((row) => ({ ...row, id: randomUUID(), gatewayId, kind, status: 'scheduled' as const, createdAt })))
      .orIgnore()
      .execute();
  }
}
