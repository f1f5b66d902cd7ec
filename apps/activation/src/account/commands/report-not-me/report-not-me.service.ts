import { Injectable } from '@nestjs/common';
import { ApiError, Clock, EventPublisher, UnitOfWork } from '@client-gate/platform';
import { ActivityLog } from '../../../activity/activity-log.service';
import { tokenHash } from '../../../second-factor/domain/factor-codes';
import { RequestOrigin } from '../../../sessions/request-origin';
import { Sessions } from '../../../sessions/sessions.service';
import { Account } from '../../account.entity';
import { DisavowalToken } from '../../../sessions/disavowal-token.entity';
import { ReportNotMeDto } from './report-not-me.dto';

const INVALID_TOKEN = () =>
  ApiError.unprocessable([{ code: 'INVALID_TOKEN', field: 'token', message: 'This link is not valid: it may be used, expired or mistyped.' }]);

/**
 * R26: "this was not me" from a new-sign-in email: every session of the account ends, and its next sign-in
 * needs a password reset by emailed code (R11, R13) first. The link's token works once.
 */
@Injectable()
export class ReportNotMeService {
  constructor(
    private readonly unitOfWork: UnitOfWork,
    private readonly events: EventPublisher,
    private readonly clock: Clock,
    private readonly sessions: Sessions,
    private readonly activity: ActivityLog,
  ) {}

  report(dto: ReportNotMeDto, origin: RequestOrigin): Promise<Record<string, never>> {
    return this.unitOfWork.run(async (manager) => {
      const hash = tokenHash(dto.token.trim());
      const link = await manager.findOne(DisavowalToken, { where: { tokenHash: hash }, lock: { mode: 'pessimistic_write' } });
      const now = this.clock.now();
      if (!link || link.usedAt || link.expiresAt <= now) throw INVALID_TOKEN();
      const { affected } = await manager.update(Account, { gatewayId: link.gatewayId, status: 'active' }, { passwordResetRequired: true });
      if (!affected) throw INVALID_TOKEN();
      await manager.update(DisavowalToken, { tokenHash: hash }, { usedAt: now });
      await this.sessions.endAll(manager, link.gatewayId);
      await this.activity.record(manager, link.gatewayId, 'not-me-reported', origin);
      await this.events.audit(manager, { actor: 'client', action: 'client.not-me-reported', subject: link.gatewayId });
      return {};
    });
  }
}
