import { Injectable } from '@nestjs/common';
import { RemovalCodeRenewed } from '@client-gate/contracts';
import { ApiError, Clock, EventPublisher, UnitOfWork } from '@client-gate/platform';
import { randomUUID } from 'node:crypto';
import { Account } from '../../../account/account.entity';
import { ActivityLog } from '../../../activity/activity-log.service';
import { RequestOrigin } from '../../../sessions/request-origin';
import { AuthenticatedClient, Sessions } from '../../../sessions/sessions.service';
import { newRemovalCode } from '../../domain/factor-codes';
import { FactorSecrets } from '../../factor-secrets.service';
import { RemovalCode } from '../../second-factor.entity';

/** R26: a new removal code, shown once; the old one stops working. Needs a recent sign-in, and is emailed. */
@Injectable()
export class RenewRemovalCodeService {
  constructor(
    private readonly unitOfWork: UnitOfWork,
    private readonly events: EventPublisher,
    private readonly clock: Clock,
    private readonly sessions: Sessions,
    private readonly secrets: FactorSecrets,
    private readonly activity: ActivityLog,
  ) {}

  renew(client: AuthenticatedClient, origin: RequestOrigin): Promise<{ removalCode: string }> {
    this.sessions.requireRecentSignIn(client);
    return this.unitOfWork.run(async (manager) => {
      const { gatewayId } = client;
      const account = await manager.findOneOrFail(Account, { where: { gatewayId }, lock: { mode: 'pessimistic_write' } });
      const removalCode = newRemovalCode();
      const { affected } = await manager.update(RemovalCode, { gatewayId }, { codeHash: this.secrets.removalCodeHash(removalCode)! });
      if (!affected) throw ApiError.notFound('SECOND_FACTOR_NOT_ENROLLED', 'No second factor is enrolled.');
      const now = this.clock.now();
      await this.events.publish(manager, RemovalCodeRenewed, {
        gatewayId,
        notificationId: randomUUID(),
        renewedAt: now.toISOString(),
        email: account.email!,
        locale: account.locale,
      });
      await this.activity.record(manager, gatewayId, 'removal-code-renewed', origin);
      await this.events.audit(manager, { actor: 'client', action: 'second-factor.removal-code-renewed', subject: gatewayId });
      return { removalCode };
    });
  }
}
