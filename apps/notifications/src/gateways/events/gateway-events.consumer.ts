import { Controller } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import { GatewayDeleted, GatewayModified, GatewayPurged, GatewayRegistered, Topic } from '@client-gate/contracts';
import { ConsumedBatch, EventInbox } from '@client-gate/platform';
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
      this.erasure.unlessErasedAll(GatewayRegistered, async (events, manager) => {
        const registered = events.map(({ data }) => data);
        await this.recipients.recordAll(
          manager,
          registered.map((data) => ({ gatewayId: data.gatewayId, email: data.email, locale: data.locale, asOf: data.registeredAt })),
        );
        await this.reminders.scheduleDocumentsAll(manager, registered.map((data) => ({ gatewayId: data.gatewayId, settings: data.reminders })));
      }),

      this.erasure.unlessErased(GatewayModified, async ({ data }, manager) => {
        const previous = await this.recipients.find(manager, data.gatewayId);
        await this.recipients.record(manager, data.gatewayId, data.email, data.locale, data.modifiedAt);
        if (data.reminders) await this.reminders.scheduleDocuments(manager, data.gatewayId, data.reminders);
        const notices = modificationNotices(data, previous?.locale);
        if (notices.length === 0) return;
        for (const notice of notices) {
          await enqueueDelivery(manager, {
            type: notice.type,
            gatewayId: data.gatewayId,
            recipient: notice.to,
            locale: data.locale,
            templateData: notice.templateData,
          });
        }
        return () => this.courier.nudge();
      }),

      this.erasure.unlessErased(GatewayDeleted, async ({ data }, manager) => {
        // The confirmation (R17) is stored after the erasure, which drops unsent emails; it is scrubbed once sent.
        await this.erasure.erase(manager, data.gatewayId, 'deleted');
        await enqueueDelivery(manager, {
          type: 'gateway-deleted',
          gatewayId: data.gatewayId,
          recipient: data.email,
          locale: data.locale,
          templateData: { deletedAt: data.deletedAt },
        });
        return () => this.courier.nudge();
      }),

      this.erasure.unlessErased(GatewayPurged, async ({ data }, manager) => {
        await this.erasure.erase(manager, data.gatewayId, 'purged');
      }),
    ]);
  }
}
