import { Injectable, OnModuleInit } from '@nestjs/common';
import { GatewayPurged, GRACE_PERIOD_DAYS } from '@client-gate/contracts';
import { addDays, Clock, EventPublisher, Jobs, UnitOfWork } from '@client-gate/platform';
import { LessThanOrEqual } from 'typeorm';
import { ERASED_PERSONAL_DATA, Gateway } from '../../gateway.entity';

const BATCH_SIZE = 100;

/** R12: a gateway still pending activation 60 days after registration is purged; only a tombstone remains. */
@Injectable()
export class PurgeUnactivatedGatewaysJob implements OnModuleInit {
  constructor(
    private readonly jobs: Jobs,
    private readonly unitOfWork: UnitOfWork,
    private readonly events: EventPublisher,
    private readonly clock: Clock,
  ) {}

  onModuleInit(): void {
    this.jobs.register('purge-unactivated-gateways', () => this.run());
  }

  async run(): Promise<{ purged: number }> {
    const purged = await this.unitOfWork.inBatches(BATCH_SIZE, async (manager) => {
      const now = this.clock.now();
      // Rows another run has claimed are skipped, so two runs at once purge each gateway once.
      const due = await manager.find(Gateway, {
        where: { status: 'pending_activation', registeredAt: LessThanOrEqual(addDays(now, -GRACE_PERIOD_DAYS)) },
        order: { registeredAt: 'ASC' },
        take: BATCH_SIZE,
        lock: { mode: 'pessimistic_write', onLocked: 'skip_locked' },
      });
      for (const gateway of due) {
        await manager.update(
          Gateway,
          { id: gateway.id },
          { status: 'purged', endedAt: now, endReason: 'not_activated_within_60_days', ...ERASED_PERSONAL_DATA },
        );
        await this.events.publish(manager, GatewayPurged, {
          gatewayId: gateway.id,
          registeredAt: gateway.registeredAt.toISOString(),
          purgedAt: now.toISOString(),
        });
        await this.events.audit(manager, { actor: 'system', action: 'gateway.purged', subject: gateway.id });
      }
      return due.length;
    });
    return { purged };
  }
}
