import { Controller } from '@nestjs/common';
import { Ctx, EventPattern, KafkaContext } from '@nestjs/microservices';
import { CodeIssued, Topic } from '@client-gate/contracts';
import { EventInbox, on } from '@client-gate/platform';
import { Courier } from '../../courier/courier.service';
import { Delivery } from '../../courier/delivery.entity';

/** SPEC §4: a code for a gateway pending activation is an `activation-code` email, else `password-reset-code`. */
@Controller()
export class CodeIssuedConsumer {
  constructor(
    private readonly inbox: EventInbox,
    private readonly courier: Courier,
  ) {}

  @EventPattern(Topic.ActivationCode)
  handle(@Ctx() context: KafkaContext): Promise<void> {
    return this.inbox.process(context, [
      on(CodeIssued, async ({ data }, manager) => {
        const activation = data.purpose === 'activation';
        await manager
          .createQueryBuilder()
          .insert()
          .into(Delivery)
          .values({
            notificationId: data.notificationId,
            type: activation ? 'activation-code' : 'password-reset-code',
            gatewayId: data.gatewayId,
            recipient: data.email,
            locale: data.locale,
            templateData: {
              sealedCode: data.sealedCode,
              expiresAt: data.expiresAt.slice(0, 16).replace('T', ' '),
              path: activation ? '/activate' : '/reset-password',
            },
            status: 'pending',
            attempts: 0,
            nextAttemptAt: () => 'now()',
            createdAt: () => 'now()',
          } as never)
          .orIgnore()
          .execute();
        return () => this.courier.nudge();
      }),
    ]);
  }
}
