import { Injectable } from '@nestjs/common';
import { ReminderSettings } from '@client-gate/contracts';
import { Clock } from '@client-gate/platform';
import { randomUUID } from 'node:crypto';
import { EntityManager, In } from 'typeorm';
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
    await this.scheduleDocumentsAll(manager, [{ gatewayId, settings }]);
  }

  /** `scheduleDocuments` for several gateways: one DELETE and at most one INSERT (a gateway given twice: its last settings). */
  async scheduleDocumentsAll(manager: EntityManager, schedules: { gatewayId: string; settings: ReminderSettings }[]): Promise<void> {
    const today = dayOf(this.clock.now());
    const latest = new Map(schedules.map(({ gatewayId, settings }) => [gatewayId, settings]));
    const planned = new Map(
      [...latest].map(([gatewayId, settings]) => [
        gatewayId,
        settings.enabled
          ? settings.documents.flatMap((document) =>
              planReminders(document.expiresOn, DOCUMENT_THRESHOLDS[document.type], today).map((reminder) => ({
                ...reminder,
                documentType: document.type,
                documentNumber: document.number,
                expiresOn: document.expiresOn,
                passwordExpiresAt: null,
              })),
            )
          : [],
      ]),
    );
    await this.replace(manager, 'document-expiry', planned);
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
    await this.replace(manager, 'password-expiry', new Map([[gatewayId, planned]]));
  }

  /** Each gateway's scheduled reminders of `kind` give way to its planned ones. */
  private async replace(manager: EntityManager, kind: ReminderKind, planned: Map<string, PlannedRow[]>): Promise<void> {
    await manager.delete(Reminder, { gatewayId: In([...planned.keys()]), kind, status: 'scheduled' });
    const createdAt = this.clock.now();
    const rows = [...planned].flatMap(([gatewayId, rows]) =>
      rows.map((row) => ({ ...row, id: randomUUID(), gatewayId, kind, status: 'scheduled' as const, createdAt })),
    );
    if (rows.length === 0) return;
    await manager.createQueryBuilder().insert().into(Reminder).values(rows).orIgnore().execute();
  }
}
