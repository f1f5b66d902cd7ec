import { Injectable } from '@nestjs/common';
import { ApplicationDecided, ApplicationSubmitted, EventData, Reason } from '@client-gate/contracts';
import { Clock, EventPublisher } from '@client-gate/platform';
import { EntityManager } from 'typeorm';

type Submitted = EventData<typeof ApplicationSubmitted>;

/** Registry's verdict on an application, which intake shows to the officer. */
@Injectable()
export class ApplicationVerdicts {
  constructor(
    private readonly events: EventPublisher,
    private readonly clock: Clock,
  ) {}

  async complete(manager: EntityManager, application: Submitted, gatewayId: string): Promise<void> {
    await this.events.publish(manager, ApplicationDecided, {
      applicationId: application.applicationId,
      outcome: 'completed',
      gatewayId,
      decidedAt: this.clock.now().toISOString(),
    });
  }

  async reject(manager: EntityManager, application: Submitted, reasons: Reason[]): Promise<void> {
    await this.events.publish(manager, ApplicationDecided, {
      applicationId: application.applicationId,
      outcome: 'rejected',
      reasons,
      decidedAt: this.clock.now().toISOString(),
    });
    await this.events.audit(manager, {
      actor: application.officerId,
      action: `application.${application.kind}.rejected`,
      subject: application.applicationId,
    });
  }
}
