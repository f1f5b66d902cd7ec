import { Controller } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import { ApplicationDecided, Topic } from '@client-gate/contracts';
import { ConsumedBatch, EventInbox, on } from '@client-gate/platform';
import { Application } from '../application.entity';

/** Registry's verdict completes or rejects the application that intake shows to the officer. */
@Controller()
export class ApplicationDecidedConsumer {
  constructor(private readonly inbox: EventInbox) {}

  @EventPattern(Topic.RegistryApplicationOutcome)
  handle(@Payload() batch: ConsumedBatch): Promise<void> {
    return this.inbox.process(batch, [
      on(ApplicationDecided, async ({ data }, manager) => {
        await manager.update(
          Application,
          { id: data.applicationId, status: 'submitted' },
          {
            status: data.outcome,
            gatewayId: data.gatewayId ?? null,
            reasons: data.reasons ?? null,
            decidedAt: new Date(data.decidedAt),
          },
        );
      }),
    ]);
  }
}
