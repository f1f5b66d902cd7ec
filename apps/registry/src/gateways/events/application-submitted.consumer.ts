import { Controller } from '@nestjs/common';
import { Ctx, EventPattern, KafkaContext } from '@nestjs/microservices';
import { ApplicationSubmitted, Topic } from '@client-gate/contracts';
import { EventInbox, on } from '@client-gate/platform';
import { RegisterGatewayService } from '../commands/register-gateway/register-gateway.service';

/** Decides the applications intake accepted. */
@Controller()
export class ApplicationSubmittedConsumer {
  constructor(
    private readonly inbox: EventInbox,
    private readonly registration: RegisterGatewayService,
  ) {}

  @EventPattern(Topic.IntakeApplication)
  handle(@Ctx() context: KafkaContext): Promise<void> {
    return this.inbox.process(context, [
      on(ApplicationSubmitted, async ({ data }, manager) => {
        if (data.kind === 'register') return this.registration.register(data, manager);
        // delete and modify arrive with the rules issue; until then they are refused, not lost.
        return this.registration.reject(manager, data, [
          { code: 'PROCEDURE_NOT_AVAILABLE', message: `The ${data.kind} procedure is not available yet.` },
        ]);
      }),
    ]);
  }
}
