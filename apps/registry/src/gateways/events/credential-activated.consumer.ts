import { Controller } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import { CredentialActivated, Topic, usernameKey } from '@client-gate/contracts';
import { ConsumedBatch, EventInbox, EventPublisher, on } from '@client-gate/platform';
import { Gateway } from '../gateway.entity';

/** R10: the client chose a username and password; the gateway becomes active for good. */
@Controller()
export class CredentialActivatedConsumer {
  constructor(
    private readonly inbox: EventInbox,
    private readonly events: EventPublisher,
  ) {}

  @EventPattern(Topic.ActivationCredential)
  handle(@Payload() batch: ConsumedBatch): Promise<void> {
    return this.inbox.process(batch, [
      on(CredentialActivated, async ({ data }, manager) => {
        const result = await manager.update(
          Gateway,
          { id: data.gatewayId, status: 'pending_activation' },
          {
            status: 'active',
            username: data.username,
            usernameKey: usernameKey(data.username),
            activatedAt: new Date(data.activatedAt),
          },
        );
        if (result.affected) {
          await this.events.audit(manager, { actor: 'client', action: 'gateway.activated', subject: data.gatewayId });
        }
      }),
    ]);
  }
}
