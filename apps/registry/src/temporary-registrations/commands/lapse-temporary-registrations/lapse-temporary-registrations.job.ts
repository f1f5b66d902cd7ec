import { Injectable, OnModuleInit } from '@nestjs/common';
import { Clock, EventPublisher, Jobs, UnitOfWork } from '@client-gate/platform';
import { EntityManager, LessThanOrEqual } from 'typeorm';
import { ERASED_PERSONAL_DATA, TemporaryRegistration } from '../../temporary-registration.entity';

const BATCH_SIZE = 100;

/** R8: a temporary registration lapses 30 days after it was made; its personal data are erased. */
@Injectable()
export class LapseTemporaryRegistrationsJob implements OnModuleInit {
  constructor(
    private readonly jobs: Jobs,
    private readonly unitOfWork: UnitOfWork,
    private readonly events: EventPublisher,
    private readonly clock: Clock,
  ) {}

  onModuleInit(): void {
    this.jobs.register('lapse-temporary-registrations', () => this.run());
  }

  async run(): Promise<{ lapsed: number }> {
    const lapsed = await this.unitOfWork.inBatches(BATCH_SIZE, async (manager) => {
      // Rows another run has claimed are skipped, so two runs at once lapse each registration once.
      const due = await manager.find(TemporaryRegistration, {
        where: { status: 'active', expiresAt: LessThanOrEqual(this.clock.now()) },
        order: { expiresAt: 'ASC' },
        take: BATCH_SIZE,
        lock: { mode: 'pessimistic_write', onLocked: 'skip_locked' },
      });
      for (const registration of due) await this.lapse(manager, registration);
      return due.length;
    });
    return { lapsed };
  }

  async lapse(manager: EntityManager, registration: TemporaryRegistration): Promise<void> {
    await manager.update(
      TemporaryRegistration,
      { id: registration.id, status: 'active' },
      { status: 'lapsed', endedAt: registration.expiresAt, ...ERASED_PERSONAL_DATA },
    );
    await this.events.audit(manager, { actor: 'system', action: 'temporary-registration.lapsed', subject: registration.id });
  }
}
