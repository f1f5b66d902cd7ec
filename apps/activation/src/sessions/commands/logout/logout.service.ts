import { Injectable } from '@nestjs/common';
import { EventPublisher, UnitOfWork } from '@client-gate/platform';
import { AuthenticatedClient, Sessions } from '../../sessions.service';

/** R24: the session (or enrolment token) ends; the token is refused afterwards. */
@Injectable()
export class LogoutService {
  constructor(
    private readonly unitOfWork: UnitOfWork,
    private readonly sessions: Sessions,
    private readonly events: EventPublisher,
  ) {}

  logout(client: AuthenticatedClient): Promise<void> {
    return this.unitOfWork.run(async (manager) => {
      await this.sessions.end(manager, client.tokenHash);
      await this.events.audit(manager, { actor: 'client', action: 'client.signed-out', subject: client.gatewayId });
    });
  }
}
