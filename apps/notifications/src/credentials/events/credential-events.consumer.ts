import { Controller } from '@nestjs/common';
import { Ctx, EventPattern, KafkaContext } from '@nestjs/microservices';
import { CredentialActivated, PasswordChanged, Topic } from '@client-gate/contracts';
import { EventInbox, on } from '@client-gate/platform';
import { randomUUID } from 'node:crypto';
import { Courier } from '../../courier/courier.service';
import { enqueueDelivery } from '../../courier/enqueue-delivery';
import { Erasure } from '../../erasure/erasure.service';
import { Recipients } from '../../recipients/recipients.service';
import { ReminderScheduler } from '../../reminders/reminder-scheduler.service';

/** R10, R13, SPEC §8: confirms each new password to the client and schedules its expiry reminders (R20). */
@Controller()
export class CredentialEventsConsumer {
  constructor(
    private readonly inbox: EventInbox,
    private readonly recipients: Recipients,
    private readonly reminders: ReminderScheduler,
    private readonly erasure: Erasure,
    private readonly courier: Courier,
  ) {}

  @EventPattern(Topic.ActivationCredential)
  handle(@Ctx() context: KafkaContext): Promise<void> {
    return this.inbox.process(context, [
      on(CredentialActivated, async ({ data }, manager) => {
        if (await this.erasure.isErased(manager, data.gatewayId)) return;
        await this.recipients.record(manager, data.gatewayId, data.email, data.locale, data.activatedAt);
        await this.reminders.schedulePassword(manager, data.gatewayId, new Date(data.passwordExpiresAt));
        await enqueueDelivery(manager, {
          notificationId: randomUUID(),
          type: 'activation-completed',
          gatewayId: data.gatewayId,
          recipient: data.email,
          locale: data.locale,
          templateData: { username: data.username, activatedAt: data.activatedAt, passwordExpiresAt: data.passwordExpiresAt },
        });
        return () => this.courier.nudge();
      }),

      on(PasswordChanged, async ({ data }, manager) => {
        if (await this.erasure.isErased(manager, data.gatewayId)) return;
        await this.recipients.record(manager, data.gatewayId, data.email, data.locale, data.changedAt);
        await this.reminders.schedulePassword(manager, data.gatewayId, new Date(data.passwordExpiresAt));
        await enqueueDelivery(manager, {
          notificationId: randomUUID(),
          type: 'password-changed',
          gatewayId: data.gatewayId,
          recipient: data.email,
          locale: data.locale,
          templateData: { changedAt: data.changedAt, passwordExpiresAt: data.passwordExpiresAt, path: '/forgotten-password' },
        });
        return () => this.courier.nudge();
      }),
    ]);
  }
}
