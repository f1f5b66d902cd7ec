import { Injectable } from '@nestjs/common';
import { EventPublisher, UnitOfWork } from '@client-gate/platform';
import { ActivityLog } from '../../../activity/activity-log.service';
import { RequestOrigin } from '../../request-origin';
import { AuthenticatedClient, Sessions } from '../../sessions.service';

/** R24: the session (or enrolment token) ends; the token is refused afterwards. */
@Injectable()
export class LogoutService {
  constructor(
    private readonly unitOfWork: UnitOfWork,
    private readonly sessions: Sessions,
    private readonly events: EventPublisher,
    private readonly activity: ActivityLog,
  ) {}

  logout(client: AuthenticatedClient, origin: RequestOrigin): Promise<void> {
    return this.unitOfWork.run(async (manager) => {
      await this.sessions.end(manager, client.tokenHash);
      await this.events.audit(manager, { actor: 'client', action: 'client.signed-out', subject: client.gatewayId });
      if (client.kind === 'session') await this.activity.record(manager, client.gatewayId, 'session-ended', origin);
    });
  }
}
