import { Controller } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import { LoginCodeIssued, SecondFactorEnrolled, SecondFactorRemoved, Topic } from '@client-gate/contracts';
import { ConsumedBatch, EventInbox } from '@client-gate/platform';
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
    const nudge = () => this.courier.nudge();
    return this.inbox.process(batch, [
      this.erasure.unlessErased(LoginCodeIssued, async ({ data }, manager) => {
        await enqueueDelivery(manager, {
          notificationId: data.notificationId,
          type: 'login-code',
          gatewayId: data.gatewayId,
          recipient: data.email,
          locale: data.locale,
          templateData: { sealedCode: data.sealedCode, expiresAt: data.expiresAt },
        });
        return nudge;
      }),
      this.erasure.unlessErased(SecondFactorEnrolled, async ({ data }, manager) => {
        await enqueueDelivery(manager, {
          notificationId: data.notificationId,
          type: 'second-factor-enrolled',
          gatewayId: data.gatewayId,
          recipient: data.email,
          locale: data.locale,
          templateData: { method: data.method, enrolledAt: data.enrolledAt, path: '/forgotten-password' },
        });
        return nudge;
      }),
      this.erasure.unlessErased(SecondFactorRemoved, async ({ data }, manager) => {
        await enqueueDelivery(manager, {
          notificationId: data.notificationId,
          type: 'second-factor-removed',
          gatewayId: data.gatewayId,
          recipient: data.email,
          locale: data.locale,
          templateData: { method: data.method, reason: data.reason, removedAt: data.removedAt, path: '/forgotten-password' },
        });
        return nudge;
      }),
    ]);
  }
}
