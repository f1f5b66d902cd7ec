import { Controller } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import { CodeIssued, Topic } from '@client-gate/contracts';
import { ConsumedBatch, EventInbox } from '@client-gate/platform';
import { Courier } from '../../courier/courier.service';
import { enqueueDeliveries } from '../../courier/enqueue-delivery';
import { Erasure } from '../../erasure/erasure.service';

/** SPEC §4: a code for a gateway pending activation is an `activation-code` email, else `password-reset-code`. */
@Controller()
export class CodeIssuedConsumer {
  constructor(
    private readonly inbox: EventInbox,
    private readonly erasure: Erasure,
    private readonly courier: Courier,
  ) {}

  @EventPattern(Topic.ActivationCode)
  handle(@Payload() batch: ConsumedBatch): Promise<void> {
    return this.inbox.process(batch, [
      // A code issued just before a deletion or purge may arrive after it: the address is gone for good.
      this.erasure.unlessErasedAll(CodeIssued, async (events, manager) => {
        await enqueueDeliveries(
          manager,
          events.map(({ data }) => {
            const activation = data.purpose === 'activation';
            return {
              notificationId: data.notificationId,
              type: activation ? 'activation-code' : 'password-reset-code',
              gatewayId: data.gatewayId,
              recipient: data.email,
              locale: data.locale,
              templateData: {
                sealedCode: data.sealedCode,
                expiresAt: data.expiresAt,
                path: activation ? '/activate' : '/reset-password',
              },
            } as const;
          }),
        );
        return () => this.courier.nudge();
      }),
    ]);
  }
}
