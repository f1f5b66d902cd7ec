import { Injectable } from '@nestjs/common';
import { ApiError, Clock, EventPublisher, UnitOfWork } from '@client-gate/platform';
import { MoreThan } from 'typeorm';
import { ERASED_PERSONAL_DATA, TemporaryRegistration } from '../../temporary-registration.entity';

export const temporaryRegistrationNotFound = () =>
  ApiError.notFound('TEMPORARY_REGISTRATION_NOT_FOUND', 'No active temporary registration with this id');

@Injectable()
export class CancelTemporaryRegistrationService {
  constructor(
    private readonly unitOfWork: UnitOfWork,
    private readonly events: EventPublisher,
    private readonly clock: Clock,
  ) {}

  /** R8: only an active registration can be cancelled; its personal data go with it. */
  cancel(id: string): Promise<void> {
    const now = this.clock.now();
    return this.unitOfWork.run(async (manager) => {
      const result = await manager.update(
        TemporaryRegistration,
        { id, status: 'active', expiresAt: MoreThan(now) },
        { status: 'cancelled', endedAt: now, ...ERASED_PERSONAL_DATA },
      );
      if (!result.affected) throw temporaryRegistrationNotFound();
      await this.events.audit(manager, { actor: 'online-portal', action: 'temporary-registration.cancelled', subject: id });
    });
  }
}
