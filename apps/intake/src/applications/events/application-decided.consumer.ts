import { Controller } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import { ApplicationDecided, Topic } from '@client-gate/contracts';
import { ConsumedBatch, EventInbox, onAll } from '@client-gate/platform';

/** Registry's verdict completes or rejects the application that intake shows to the officer. */
@Controller()
export class ApplicationDecidedConsumer {
  constructor(private readonly inbox: EventInbox) {}

  @EventPattern(Topic.RegistryApplicationOutcome)
  handle(@Payload() batch: ConsumedBatch): Promise<void> {
    return this.inbox.process(batch, [
      // All the verdicts in one UPDATE; an application already decided keeps its first verdict.
      onAll(ApplicationDecided, async (events, manager) => {
        const first = new Map<string, (typeof events)[number]['data']>();
        for (const { data } of events) if (!first.has(data.applicationId)) first.set(data.applicationId, data);
        const verdicts = [...first.values()];
        await manager.query(
          `UPDATE application SET status = verdict.status, gateway_id = verdict.gateway_id, reasons = verdict.reasons, decided_at = verdict.decided_at
           FROM unnest($1::uuid[], $2::text[], $3::uuid[], $4::jsonb[], $5::timestamptz[])
             AS verdict(id, status, gateway_id, reasons, decided_at)
           WHERE application.id = verdict.id AND application.status = 'submitted'`,
          [
            verdicts.map((data) => data.applicationId),
            verdicts.map((data) => data.outcome),
            verdicts.map((data) => data.gatewayId ?? null),
            verdicts.map((data) => (data.reasons ? JSON.stringify(data.reasons) : null)),
            verdicts.map((data) => data.decidedAt),
          ],
        );
      }),
    ]);
  }
}
