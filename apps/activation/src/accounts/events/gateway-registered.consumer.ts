import { Controller } from '@nestjs/common';
import { Ctx, EventPattern, KafkaContext } from '@nestjs/microservices';
import { GatewayRegistered, Topic } from '@client-gate/contracts';
import { EventInbox, on } from '@client-gate/platform';
import { CodeIssuer } from '../../codes/code-issuer.service';
import { Account } from '../account.entity';

/** R9: a new gateway gets its account here and its first activation code. */
@Controller()
export class GatewayRegisteredConsumer {
  constructor(
    private readonly inbox: EventInbox,
    private readonly codes: CodeIssuer,
  ) {}

  @EventPattern(Topic.RegistryGateway)
  handle(@Ctx() context: KafkaContext): Promise<void> {
    return this.inbox.process(context, [
      on(GatewayRegistered, async ({ data }, manager) => {
        const account = manager.create(Account, {
          gatewayId: data.gatewayId,
          status: 'pending_activation',
          email: data.email,
          locale: data.locale,
          username: null,
          usernameKey: null,
          passwordHash: null,
          passwordExpiresAt: null,
          registeredAt: new Date(data.registeredAt),
          activatedAt: null,
        });
        await manager.insert(Account, account);
        await this.codes.issue(manager, account, 'activation');
      }),
    ]);
  }
}
