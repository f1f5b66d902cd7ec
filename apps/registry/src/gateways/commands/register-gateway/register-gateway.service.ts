import { Injectable } from '@nestjs/common';
import { ApplicationSubmitted, EventData, GatewayRegistered, Reason } from '@client-gate/contracts';
import { Clock, EventPublisher, isoDay } from '@client-gate/platform';
import { randomUUID } from 'node:crypto';
import { EntityManager, In, MoreThan } from 'typeorm';
import { temporaryRegistrationPending } from '../../../temporary-registrations/domain/temporary-registration';
import { TemporaryRegistration } from '../../../temporary-registrations/temporary-registration.entity';
import { ApplicationVerdicts } from '../../application-verdicts';
import { identityKey } from '../../domain/identity';
import { Gateway, LIVE_STATUSES } from '../../gateway.entity';
import { lockIdentity } from '../../identity-lock';

type Submitted = EventData<typeof ApplicationSubmitted>;

/** R9: a `register` application creates a gateway pending activation, one per person (R1, R2), none while R8's temporary one is pending. */
@Injectable()
export class RegisterGatewayService {
  constructor(
    private readonly events: EventPublisher,
    private readonly verdicts: ApplicationVerdicts,
    private readonly clock: Clock,
  ) {}

  async register(application: Submitted, manager: EntityManager): Promise<void> {
    const now = this.clock.now();
    const key = identityKey(application.person);
    await lockIdentity(manager, key);
    const reasons: Reason[] = [];
    if (await manager.existsBy(Gateway, { identityKey: key, status: In(LIVE_STATUSES) })) {
      reasons.push({ code: 'GATEWAY_ALREADY_EXISTS', message: 'This person already has a Client Gate account (R1).' });
    }
    const pending = await manager.findOneBy(TemporaryRegistration, { identityKey: key, status: 'active', expiresAt: MoreThan(now) });
    if (pending) reasons.push(temporaryRegistrationPending(isoDay(pending.expiresAt)));
    if (reasons.length > 0) return this.verdicts.reject(manager, application, reasons);

    const gateway = manager.create(Gateway, {
      id: randomUUID(),
      status: 'pending_activation',
      consulate: application.consulate,
      identityKey: key,
      person: application.person,
      email: application.email!,
      locale: application.locale,
      reminders: application.reminders ?? { enabled: true, documents: [] },
      username: null,
      usernameKey: null,
      registeredAt: now,
      activatedAt: null,
      endedAt: null,
      endReason: null,
    });
    await manager.insert(Gateway, gateway);
    await this.events.publish(manager, GatewayRegistered, {
      gatewayId: gateway.id,
      consulate: gateway.consulate,
      familyName: application.person.familyName,
      givenNames: application.person.givenNames,
      email: gateway.email!,
      locale: gateway.locale,
      reminders: gateway.reminders!,
      registeredAt: now.toISOString(),
    });
    await this.verdicts.complete(manager, application, gateway.id);
    await this.events.audit(manager, { actor: application.officerId, action: 'gateway.registered', subject: gateway.id });
  }
}
