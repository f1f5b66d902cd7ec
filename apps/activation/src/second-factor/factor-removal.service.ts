import { Injectable } from '@nestjs/common';
import { SecondFactorRemoved } from '@client-gate/contracts';
import { Clock, EventPublisher } from '@client-gate/platform';
import { randomUUID } from 'node:crypto';
import { EntityManager, In } from 'typeorm';
import { Account } from '../account/account.entity';
import { ActivityLog } from '../activity/activity-log.service';
import { RequestOrigin } from '../sessions/request-origin';
import { Sessions } from '../sessions/sessions.service';
import { enrolledFactors } from './enrolled-factors';
import { PendingFactor, RemovalCode, SecondFactor } from './second-factor.entity';

/**
 * R23, R26, R27: deletes factors (one, or all of them for the removal code) and any enrolment or removal under way,
 * ends every session of the account (a stolen one included), records it in the activity and tells the client by
 * email, one email per factor. With the last factor goes the removal code. One way for the client's removal and
 * for the removal code at login; only the reason differs.
 */
@Injectable()
export class FactorRemoval {
  constructor(
    private readonly events: EventPublisher,
    private readonly clock: Clock,
    private readonly sessions: Sessions,
    private readonly activity: ActivityLog,
  ) {}

  async remove(manager: EntityManager, account: Account, factors: SecondFactor[], reason: 'client' | 'removal-code', origin: RequestOrigin): Promise<void> {
    const { gatewayId } = account;
    await manager.delete(SecondFactor, { id: In(factors.map((factor) => factor.id)) });
    await manager.delete(PendingFactor, { gatewayId });
    if (reason === 'removal-code' || (await enrolledFactors(manager, gatewayId)).length === 0) await manager.delete(RemovalCode, { gatewayId });
    await this.sessions.endAll(manager, gatewayId);
    if (reason === 'removal-code') await this.activity.record(manager, gatewayId, 'removal-code-used', origin);
    for (const factor of factors) {
      await this.activity.record(manager, gatewayId, 'factor-removed', origin);
      await this.events.publish(manager, SecondFactorRemoved, {
        gatewayId,
        notificationId: randomUUID(),
        method: factor.method,
        ...(factor.name && { passkeyName: factor.name }),
        reason,
        email: account.email!,
        locale: account.locale,
        removedAt: this.clock.now().toISOString(),
      });
    }
    await this.events.audit(manager, { actor: 'client', action: `second-factor.removed.${reason}`, subject: gatewayId });
  }
}
