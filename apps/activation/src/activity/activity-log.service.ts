import { Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { Clock, Jobs, UnitOfWork } from '@client-gate/platform';
import { EntityManager, LessThan, MoreThanOrEqual } from 'typeorm';
import { RequestOrigin } from '../sessions/request-origin';
import { AccountActivity, ActivityKind } from './account-activity.entity';
import { browserName } from './domain/browser-name';
import { maskedAddress } from './domain/masked-address';

/** R26: the account's activity is kept 90 days. */
export const ACTIVITY_DAYS = 90;

export interface ActivityView {
  at: string;
  kind: ActivityKind;
  userAgent?: string;
  browser?: string;
  address?: string;
}

/** The account's security events (R26): written in the transaction of the change they record, listed newest first. */
@Injectable()
export class ActivityLog implements OnModuleInit {
  private readonly logger = new Logger(ActivityLog.name);

  constructor(
    private readonly unitOfWork: UnitOfWork,
    private readonly clock: Clock,
    private readonly jobs: Jobs,
  ) {}

  onModuleInit(): void {
    this.jobs.register('prune-account-activity', () => this.prune());
  }

  async record(manager: EntityManager, gatewayId: string, kind: ActivityKind, origin?: Pick<RequestOrigin, 'address' | 'userAgent'>): Promise<void> {
    await manager.insert(AccountActivity, this.event(gatewayId, kind, origin));
  }

  /**
   * A failed sign-in, which changes nothing to record it with: written after the answer, so that a wrong password
   * for a known account takes no longer than for an unknown one (SPEC §8, no enumeration). Its time is now.
   */
  recordAfterAnswer(gatewayId: string, kind: ActivityKind, origin: Pick<RequestOrigin, 'address' | 'userAgent'>): void {
    const event = this.event(gatewayId, kind, origin);
    this.unitOfWork
      .run((manager) => manager.insert(AccountActivity, event))
      .catch((error: unknown) => this.logger.error({ err: error, gatewayId, kind }, 'activity not recorded'));
  }

  private event(gatewayId: string, kind: ActivityKind, origin?: Pick<RequestOrigin, 'address' | 'userAgent'>) {
    return { gatewayId, at: this.clock.now(), kind, userAgent: origin?.userAgent ?? null, address: origin ? maskedAddress(origin.address) : null };
  }

  list(gatewayId: string): Promise<ActivityView[]> {
    return this.unitOfWork.read(async (manager) => {
      const rows = await manager.find(AccountActivity, { where: { gatewayId, at: MoreThanOrEqual(this.since()) }, order: { at: 'DESC', id: 'DESC' } });
      return rows.map(({ at, kind, userAgent, address }) => ({
        at: at.toISOString(),
        kind,
        ...(userAgent && { userAgent, browser: browserName(userAgent)! }),
        ...(address && { address }),
      }));
    });
  }

  private since(): Date {
    return new Date(this.clock.now().getTime() - ACTIVITY_DAYS * 24 * 3600 * 1000);
  }

  /** Events older than 90 days, gone for good (a job). */
  private async prune(): Promise<{ pruned: number }> {
    const { affected } = await this.unitOfWork.run((manager) => manager.delete(AccountActivity, { at: LessThan(this.since()) }));
    return { pruned: affected ?? 0 };
  }
}
