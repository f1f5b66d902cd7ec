import { Injectable } from '@nestjs/common';
import { Clock, EventPublisher } from '@client-gate/platform';
import { EntityManager } from 'typeorm';
import { Delivery } from '../courier/delivery.entity';
import { Recipient } from '../recipients/recipient.entity';
import { Reminder } from '../reminders/reminder.entity';
import { ErasedGateway, ErasureReason } from './erased-gateway.entity';

/**
 * R12, R17: erases a gateway's personal data here: its address, its reminder schedules (with document
 * numbers) and its unsent emails. Sent emails hold none (the courier scrubs them once sent), so only
 * ids, types and times remain, with a tombstone that keeps late events from bringing any data back.
 */
@Injectable()
export class Erasure {
  constructor(
    private readonly events: EventPublisher,
    private readonly clock: Clock,
  ) {}

  isErased(manager: EntityManager, gatewayId: string): Promise<boolean> {
    return manager.existsBy(ErasedGateway, { gatewayId });
  }

  /** `keepNotificationId` is the deletion confirmation (R17): it is still sent, then scrubbed like every email. */
  async erase(manager: EntityManager, gatewayId: string, reason: ErasureReason, keepNotificationId?: string): Promise<void> {
    await manager.insert(ErasedGateway, { gatewayId, reason, erasedAt: this.clock.now() });
    await manager.delete(Recipient, { gatewayId });
    await manager.delete(Reminder, { gatewayId });
    const unsent = manager
      .createQueryBuilder()
      .delete()
      .from(Delivery)
      .where("gateway_id = :gatewayId AND status = 'pending'", { gatewayId });
    if (keepNotificationId) unsent.andWhere('notification_id <> :keepNotificationId', { keepNotificationId });
    await unsent.execute();
    await this.events.audit(manager, { actor: 'notifications', action: `personal-data.erased.${reason}`, subject: gatewayId });
  }
}
