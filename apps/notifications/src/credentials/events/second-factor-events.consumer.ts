import { Controller } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import { LoginCodeIssued, Locale, SecondFactorEnrolled, SecondFactorRemoved, Topic } from '@client-gate/contracts';
import { AfterCommit, ConsumedBatch, EventInbox } from '@client-gate/platform';
import { EntityManager } from 'typeorm';
import { Courier } from '../../courier/courier.service';
import { enqueueDelivery } from '../../courier/enqueue-delivery';
import { Erasure } from '../../erasure/erasure.service';

/** R22, R23: the email factor's codes (sealed until sent), and every enrolment and removal told to the client. */
@Controller()
export class SecondFactorEventsConsumer {
  constructor(
    private readonly inbox: EventInbox,
    private readonly erasure: Erasure,
    private readonly courier: Courier,
  ) {}

  @EventPattern(Topic.ActivationSecondFactor)
  handle(@Payload() batch: ConsumedBatch): Promise<void> {
    return this.inbox.process(batch, [
      this.erasure.unlessErased(LoginCodeIssued, ({ data }, manager) =>
        this.send(manager, data, 'login-code', { sealedCode: data.sealedCode, expiresAt: data.expiresAt }),
      ),
      this.erasure.unlessErased(SecondFactorEnrolled, ({ data }, manager) =>
        this.send(manager, data, 'second-factor-enrolled', { method: data.method, enrolledAt: data.enrolledAt, path: '/forgotten-password' }),
      ),
      this.erasure.unlessErased(SecondFactorRemoved, ({ data }, manager) =>
        this.send(manager, data, 'second-factor-removed', {
          method: data.method,
          reason: data.reason,
          removedAt: data.removedAt,
          path: '/forgotten-password',
        }),
      ),
    ]);
  }

  /** Queues the event's email under its own notification id, so a redelivered event sends nothing twice. */
  private async send(
    manager: EntityManager,
    data: { notificationId: string; gatewayId: string; email: string; locale: Locale },
    type: 'login-code' | 'second-factor-enrolled' | 'second-factor-removed',
    templateData: Record<string, unknown>,
  ): Promise<AfterCommit> {
    await enqueueDelivery(manager, { notificationId: data.notificationId, type, gatewayId: data.gatewayId, recipient: data.email, locale: data.locale, templateData });
    return () => this.courier.nudge();
  }
}
