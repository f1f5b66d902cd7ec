import { Controller } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import { CredentialActivated, Locale, PasswordChanged, Topic } from '@client-gate/contracts';
import { AfterCommit, ConsumedBatch, EventInbox } from '@client-gate/platform';
import { EntityManager } from 'typeorm';
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
  handle(@Payload() batch: ConsumedBatch): Promise<void> {
    return this.inbox.process(batch, [
      this.erasure.unlessErased(CredentialActivated, ({ data }, manager) =>
        this.confirm(manager, data, data.activatedAt, 'activation-completed', {
          username: data.username,
          activatedAt: data.activatedAt,
          passwordExpiresAt: data.passwordExpiresAt,
        }),
      ),
      this.erasure.unlessErased(PasswordChanged, ({ data }, manager) =>
        this.confirm(manager, data, data.changedAt, 'password-changed', {
          changedAt: data.changedAt,
          passwordExpiresAt: data.passwordExpiresAt,
          path: '/forgotten-password',
        }),
      ),
    ]);
  }

  /** Records where to write, reschedules the password's reminders and confirms the new password by email. */
  private async confirm(
    manager: EntityManager,
    data: { gatewayId: string; email: string; locale: Locale; passwordExpiresAt: string },
    at: string,
    type: 'activation-completed' | 'password-changed',
    templateData: Record<string, unknown>,
  ): Promise<AfterCommit> {
    await this.recipients.record(manager, data.gatewayId, data.email, data.locale, at);
    await this.reminders.schedulePassword(manager, data.gatewayId, new Date(data.passwordExpiresAt));
    await enqueueDelivery(manager, {
      type,
      gatewayId: data.gatewayId,
      recipient: data.email,
      locale: data.locale,
      templateData,
    });
    return () => this.courier.nudge();
  }
}
