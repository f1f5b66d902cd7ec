import { Controller } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import { LoginCodeIssued, Locale, NewSignIn, RemovalCodeRenewed, SecondFactorEnrolled, SecondFactorRemoved, Topic } from '@client-gate/contracts';
import { AfterCommit, ConsumedBatch, EventInbox } from '@client-gate/platform';
import { EntityManager } from 'typeorm';
import { Courier } from '../../courier/courier.service';
import { enqueueDelivery } from '../../courier/enqueue-delivery';
import { Erasure } from '../../erasure/erasure.service';

/**
 * R22, R23, R26, R27: the email factor's codes (sealed until sent), every enrolment and removal (a passkey by its name), and removal-code renewal
 * told to the client, and sign-ins from new browsers with their "this was not me" link.
 */
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
        this.send(manager, data, 'second-factor-enrolled', { method: data.method, passkeyName: data.passkeyName ?? null, enrolledAt: data.enrolledAt, path: '/forgotten-password' }),
      ),
      this.erasure.unlessErased(SecondFactorRemoved, ({ data }, manager) =>
        this.send(manager, data, 'second-factor-removed', {
          method: data.method,
          passkeyName: data.passkeyName ?? null,
          reason: data.reason,
          removedAt: data.removedAt,
          path: '/forgotten-password',
        }),
      ),
      this.erasure.unlessErased(RemovalCodeRenewed, ({ data }, manager) =>
        this.send(manager, data, 'removal-code-renewed', { renewedAt: data.renewedAt, path: '/forgotten-password' }),
      ),
      // R26: the "this was not me" token stays sealed until the email is rendered, like a code.
      this.erasure.unlessErased(NewSignIn, ({ data }, manager) =>
        this.send(manager, data, 'new-sign-in', {
          signedInAt: data.signedInAt,
          browser: data.browser,
          maskedAddress: data.maskedAddress,
          sealedCode: data.sealedNotMeToken,
          path: '/not-me',
        }),
      ),
    ]);
  }

  /** Queues the event's email under its own notification id, so a redelivered event sends nothing twice. */
  private async send(
    manager: EntityManager,
    data: { notificationId: string; gatewayId: string; email: string; locale: Locale },
    type: 'login-code' | 'second-factor-enrolled' | 'second-factor-removed' | 'removal-code-renewed' | 'new-sign-in',
    templateData: Record<string, unknown>,
  ): Promise<AfterCommit> {
    await enqueueDelivery(manager, { notificationId: data.notificationId, type, gatewayId: data.gatewayId, recipient: data.email, locale: data.locale, templateData });
    return () => this.courier.nudge();
  }
}
