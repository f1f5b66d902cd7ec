import { Controller } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import { ApplicationSubmitted, Topic } from '@client-gate/contracts';
import { ConsumedBatch, EventInbox, inTraceOf, onAll } from '@client-gate/platform';
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
      // In partition order: the `register` applications in a row together, a `delete` or `modify` on its own.
      onAll(ApplicationSubmitted, async (applications, manager) => {
        for (let start = 0; start < applications.length; ) {
          let end = start;
          while (end < applications.length && applications[end].data.kind === 'register') end++;
          if (end > start) {
            await this.registration.registerAll(applications.slice(start, end), manager);
            start = end;
            continue;
          }
          const application = applications[start++];
          await inTraceOf(application, () =>
            application.data.kind === 'delete'
              ? this.deletion.delete(application.data, manager)
              : this.modification.modify(application.data, manager),
          );
        }
      }),
    ]);
  }
}
