import { Injectable } from '@nestjs/common';
import { ApplicationSubmitted, EventData, GatewayDeleted } from '@client-gate/contracts';
import { Clock, EventPublisher } from '@client-gate/platform';
import { EntityManager } from 'typeorm';
import { ApplicationVerdicts } from '../../application-verdicts';
import { findLiveGateway, GATEWAY_NOT_FOUND } from '../../find-live-gateway';
import { ERASED_PERSONAL_DATA, Gateway } from '../../gateway.entity';

type Submitted = EventData<typeof ApplicationSubmitted>;

/**
 * R17: the person's gateway, found by identity (R3) at whichever consulate it was registered, is
 * deleted: only a tombstone without personal data remains, and the person may register again (R1).
 */
@Injectable()
export class DeleteGatewayService {
  constructor(
    private readonly events: EventPublisher,
    private readonly verdicts: ApplicationVerdicts,
    private readonly clock: Clock,
  ) {}

  async delete(application: Submitted, manager: EntityManager): Promise<void> {
    const gateway = await findLiveGateway(manager, application.person);
    if (!gateway) return this.verdicts.reject(manager, application, [GATEWAY_NOT_FOUND]);

    const now = this.clock.now();
    await manager.update(
      Gateway,
      { id: gateway.id },
      { status: 'deleted', endedAt: now, endReason: 'deleted_on_request', ...ERASED_PERSONAL_DATA },
    );
    // Notifications confirms the deletion to the address on record, then forgets it.
    await this.events.publish(manager, GatewayDeleted, {
      gatewayId: gateway.id,
      email: gateway.email,
      locale: gateway.locale,
      deletedAt: now.toISOString(),
    });
    await this.verdicts.complete(manager, application, gateway.id);
    await this.events.audit(manager, { actor: application.officerId, action: 'gateway.deleted', subject: gateway.id });
  }
}
