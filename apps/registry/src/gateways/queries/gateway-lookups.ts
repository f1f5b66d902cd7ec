import { Injectable } from '@nestjs/common';
import { EventPublisher, StaffIdentity, UnitOfWork } from '@client-gate/platform';

/**
 * R25: every look-up of a gateway by an officer is an audit record on ops.audit.v1: who looked, how, and
 * which gateways were shown, by id (the names and dates looked for are personal data: they are not kept).
 */
@Injectable()
export class GatewayLookups {
  constructor(
    private readonly unitOfWork: UnitOfWork,
    private readonly events: EventPublisher,
  ) {}

  record(staff: StaffIdentity, how: 'by-id' | 'by-name-and-birth-date', shown: string[]): Promise<void> {
    return this.unitOfWork.run((manager) =>
      this.events.audit(manager, { actor: staff.officer, action: `gateway.looked-up.${how}`, subject: shown.join(',') || 'none' }),
    );
  }
}
