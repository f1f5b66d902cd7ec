import { Controller } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import { ApplicationSubmitted, Topic } from '@client-gate/contracts';
import { ConsumedBatch, EventInbox, on } from '@client-gate/platform';
import { DeleteGatewayService } from '../commands/delete-gateway/delete-gateway.service';
import { ModifyGatewayService } from '../commands/modify-gateway/modify-gateway.service';
import { RegisterGatewayService } from '../commands/register-gateway/register-gateway.service';

/** Decides the applications intake accepted (R3). */
@Controller()
export class ApplicationSubmittedConsumer {
  constructor(
    private readonly inbox: EventInbox,
    private readonly registration: RegisterGatewayService,
    private readonly deletion: DeleteGatewayService,
    private readonly modification: ModifyGatewayService,
  ) {}

  @EventPattern(Topic.IntakeApplication)
  handle(@Payload() batch: ConsumedBatch): Promise<void> {
    return this.inbox.process(batch, [
      on(ApplicationSubmitted, async ({ data }, manager) => {
        switch (data.kind) {
          case 'register':
            return this.registration.register(data, manager);
          case 'delete':
            return this.deletion.delete(data, manager);
          case 'modify':
            return this.modification.modify(data, manager);
        }
      }),
    ]);
  }
}
