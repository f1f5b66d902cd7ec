import { HttpStatus, Injectable } from '@nestjs/common';
import { addDays, ApiError, Clock, EventPublisher, UnitOfWork } from '@client-gate/platform';
import { randomUUID } from 'node:crypto';
import { In } from 'typeorm';
import { identityKey } from '../../../gateways/domain/identity';
import { Gateway, LIVE_STATUSES } from '../../../gateways/gateway.entity';
import { lockIdentity } from '../../../gateways/identity-lock';
import { TEMPORARY_REGISTRATION_DAYS } from '../../domain/temporary-registration';
import { TemporaryRegistration } from '../../temporary-registration.entity';
import { LapseTemporaryRegistrationsJob } from '../lapse-temporary-registrations/lapse-temporary-registrations.job';
import { CreateTemporaryRegistrationDto } from './create-temporary-registration.dto';

@Injectable()
export class CreateTemporaryRegistrationService {
  constructor(
    private readonly unitOfWork: UnitOfWork,
    private readonly events: EventPublisher,
    private readonly clock: Clock,
    private readonly lapses: LapseTemporaryRegistrationsJob,
  ) {}

  create(dto: CreateTemporaryRegistrationDto): Promise<TemporaryRegistration> {
    const now = this.clock.now();
    const key = identityKey(dto.person);
    return this.unitOfWork.run(async (manager) => {
      await lockIdentity(manager, key);
      if (await manager.existsBy(Gateway, { identityKey: key, status: In(LIVE_STATUSES) })) {
        throw new ApiError(HttpStatus.CONFLICT, [
          { code: 'GATEWAY_ALREADY_EXISTS', message: 'This person already has a Client Gate account (R1).' },
        ]);
      }
      const previous = await manager.findOneBy(TemporaryRegistration, { identityKey: key, status: 'active' });
      if (previous && previous.expiresAt > now) {
        throw new ApiError(HttpStatus.CONFLICT, [
          { code: 'TEMPORARY_REGISTRATION_EXISTS', message: 'This person already has an active temporary registration (R8).' },
        ]);
      }
      // Lapsed, but the job has not got to it yet: it makes way for the new one.
      if (previous) await this.lapses.lapse(manager, previous);

      const registration = manager.create(TemporaryRegistration, {
        id: randomUUID(),
        status: 'active',
        identityKey: key,
        person: dto.person,
        email: dto.email,
        createdAt: now,
        expiresAt: addDays(now, TEMPORARY_REGISTRATION_DAYS),
        endedAt: null,
      });
      await manager.insert(TemporaryRegistration, registration);
      await this.events.audit(manager, { actor: 'online-portal', action: 'temporary-registration.created', subject: registration.id });
      return registration;
    });
  }
}
