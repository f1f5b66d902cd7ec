import { Controller } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import { GatewayDeleted, GatewayModified, GatewayPurged, GatewayRegistered, Topic } from '@client-gate/contracts';
import { ConsumedBatch, EventInbox, on } from '@client-gate/platform';
import { randomUUID } from 'node:crypto';
import { Courier } from '../../courier/courier.service';
import { enqueueDelivery } from '../../courier/enqueue-delivery';
import { Erasure } from '../../erasure/erasure.service';
import { Recipients } from '../../recipients/recipients.service';
import { ReminderScheduler } from '../../reminders/reminder-scheduler.service';
import { modificationNotices } from '../domain/modification-notices';

/** A gateway's life at registry: where to write, what to remind (R19), what to confirm (R18, R17), what to erase (R12, R17). */
@Controller()
export class GatewayEventsConsumer {
  constructor(
    private readonly inbox: EventInbox,
    private readonly recipients: Recipients,
    private readonly reminders: ReminderScheduler,
    private readonly erasure: Erasure,
    private readonly courier: Courier,
  ) {}

  @EventPattern(Topic.RegistryGateway)
  handle(@Payload() batch: ConsumedBatch): Promise<void> {
    return this.inbox.process(batch, [
      on(GatewayRegistered, async ({ data }, manager) => {
        if (await this.erasure.isErased(manager, data.gatewayId)) return;
        await this.recipients.record(manager, data.gatewayId, data.email, data.locale, data.registeredAt);
        await this.reminders.scheduleDocuments(manager, data.gatewayId, data.reminders);
      }),

      on(GatewayModified, async ({ data }, manager) => {
        if (await this.erasure.isErased(manager, data.gatewayId)) return;
        const previous = await this.recipients.find(manager, data.gatewayId);
        await this.recipients.record(manager, data.gatewayId, data.email, data.locale, data.modifiedAt);
        if (data.reminders) await this.reminders.scheduleDocuments(manager, data.gatewayId, data.reminders);
        const notices = modificationNotices(data, previous?.locale);
        if (notices.length === 0) return;
        for (const notice of notices) {
          await enqueueDelivery(manager, {
            notificationId: randomUUID(),
            type: notice.type,
            gatewayId: data.gatewayId,
            recipient: notice.to,
            locale: data.locale,
            templateData: notice.templateData,
          });
        }
        return () => this.courier.nudge();
      }),

      on(GatewayDeleted, async ({ data }, manager) => {
        if (await this.erasure.isErased(manager, data.gatewayId)) return;
        const confirmation = randomUUID();
        await enqueueDelivery(manager, {
          notificationId: confirmation,
          type: 'gateway-deleted',
          gatewayId: data.gatewayId,
          recipient: data.email,
          locale: data.locale,
          templateData: { deletedAt: data.deletedAt },
        });
        await this.erasure.erase(manager, data.gatewayId, 'deleted', confirmation);
        return () => this.courier.nudge();
      }),

      on(GatewayPurged, async ({ data }, manager) => {
        if (await this.erasure.isErased(manager, data.gatewayId)) return;
        await this.erasure.erase(manager, data.gatewayId, 'purged');
      }),
    ]);
  }
}
