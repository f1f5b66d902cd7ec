import { Injectable } from '@nestjs/common';
import { ApiError, EventPublisher, UnitOfWork } from '@client-gate/platform';
import { z } from 'zod';
import { ActivityLog } from '../../../activity/activity-log.service';
import { RequestOrigin } from '../../request-origin';
import { AuthenticatedClient, Sessions } from '../../sessions.service';

/** R26: the client ends one of their sessions, or every other one at once; the activity records it. */
@Injectable()
export class EndSessionsService {
  constructor(
    private readonly unitOfWork: UnitOfWork,
    private readonly sessions: Sessions,
    private readonly activity: ActivityLog,
    private readonly events: EventPublisher,
  ) {}

  endOne(client: AuthenticatedClient, id: string, origin: RequestOrigin): Promise<void> {
    return this.unitOfWork.run(async (manager) => {
      // Another account's session id is as unknown as a made-up one.
      if (!z.uuid().safeParse(id).success || !(await this.sessions.endById(manager, client.gatewayId, id))) throw ApiError.notFound('SESSION_NOT_FOUND', 'No such session of this account.');
      await this.activity.record(manager, client.gatewayId, 'session-ended', origin);
      await this.events.audit(manager, { actor: 'client', action: 'client.session-ended', subject: client.gatewayId });
    });
  }

  endOthers(client: AuthenticatedClient, origin: RequestOrigin): Promise<void> {
    return this.unitOfWork.run(async (manager) => {
      if ((await this.sessions.endAll(manager, client.gatewayId, client.tokenHash)) === 0) return;
      await this.activity.record(manager, client.gatewayId, 'sessions-ended', origin);
      await this.events.audit(manager, { actor: 'client', action: 'client.other-sessions-ended', subject: client.gatewayId });
    });
  }
}
