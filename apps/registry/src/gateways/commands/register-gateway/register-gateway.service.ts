import { Injectable } from '@nestjs/common';
import { ApplicationDecided, ApplicationSubmitted, EventData, GatewayRegistered, Reason } from '@client-gate/contracts';
import { Clock, EventPublisher } from '@client-gate/platform';
import { randomUUID } from 'node:crypto';
import { EntityManager, In } from 'typeorm';
import { identityKey } from '../../domain/identity';
import { Gateway, LIVE_STATUSES } from '../../gateway.entity';

type Submitted = EventData<typeof ApplicationSubmitted>;

/** R9: a `register` application creates a gateway pending activation, one per person (R1, R2). */
@Injectable()
export class RegisterGatewayService {
  constructor(
    private readonly events: EventPublisher,
    private readonly clock: Clock,
  ) {}

  async register(application: Submitted, manager: EntityManager): Promise<void> {
    const now = this.clock.now();
    const key = identityKey(application.person);
    const existing = await manager.findOne(Gateway, {
      where: { identityKey: key, status: In(LIVE_STATUSES) },
      lock: { mode: 'pessimistic_write' },
    });
    if (existing) {
      return this.reject(manager, application, [
        { code: 'GATEWAY_ALREADY_EXISTS', message: 'This person already has a Client Gate account (R1).' },
      ]);
    }
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
      registeredAt: now,
      activatedAt: null,
      endedAt: null,
    });
    await manager.insert(Gateway, gateway);
    await this.events.publish(manager, GatewayRegistered, {
      gatewayId: gateway.id,
      email: gateway.email!,
      locale: gateway.locale,
      reminders: gateway.reminders!,
      registeredAt: now.toISOString(),
    });
    await this.events.publish(manager, ApplicationDecided, {
      applicationId: application.applicationId,
      outcome: 'completed',
      gatewayId: gateway.id,
      decidedAt: now.toISOString(),
    });
    await this.events.audit(manager, { actor: application.officerId, action: 'gateway.registered', subject: gateway.id });
  }

  async reject(manager: EntityManager, application: Submitted, reasons: Reason[]): Promise<void> {
    await this.events.publish(manager, ApplicationDecided, {
      applicationId: application.applicationId,
      outcome: 'rejected',
      reasons,
      decidedAt: this.clock.now().toISOString(),
    });
    await this.events.audit(manager, {
      actor: application.officerId,
      action: `application.${application.kind}.rejected`,
      subject: application.applicationId,
    });
  }
}
