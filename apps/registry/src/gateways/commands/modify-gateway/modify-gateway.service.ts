import { Injectable } from '@nestjs/common';
import { ApplicationSubmitted, EventData, GatewayModified, usernameKey } from '@client-gate/contracts';
import { Clock, EventPublisher } from '@client-gate/platform';
import { EntityManager, In, Not } from 'typeorm';
import { ApplicationVerdicts } from '../../application-verdicts';
import { identityKey } from '../../domain/identity';
import { modificationOf, modificationProblems } from '../../domain/modification';
import { findLiveGateway, GATEWAY_NOT_FOUND } from '../../find-live-gateway';
import { Gateway, LIVE_STATUSES } from '../../gateway.entity';
import { lockIdentity } from '../../identity-lock';

type Submitted = EventData<typeof ApplicationSubmitted>;

/** R18: an in-person `modify` changes the gateway found by the applicant's identity (R3). */
@Injectable()
export class ModifyGatewayService {
  constructor(
    private readonly events: EventPublisher,
    private readonly verdicts: ApplicationVerdicts,
    private readonly clock: Clock,
  ) {}

  async modify(application: Submitted, manager: EntityManager): Promise<void> {
    const gateway = await findLiveGateway(manager, application.person);
    if (!gateway) return this.verdicts.reject(manager, application, [GATEWAY_NOT_FOUND]);

    const changes = application.changes ?? {};
    const newIdentityKey = changes.person ? identityKey(changes.person) : gateway.identityKey;
    const identityMoves = newIdentityKey !== gateway.identityKey;
    if (identityMoves) await lockIdentity(manager, newIdentityKey);
    const reasons = modificationProblems(gateway, changes, {
      identityTaken: identityMoves && (await manager.existsBy(Gateway, { identityKey: newIdentityKey, status: In(LIVE_STATUSES) })),
      usernameTaken:
        changes.username !== undefined &&
        (await manager.existsBy(Gateway, { usernameKey: usernameKey(changes.username), status: In(LIVE_STATUSES), id: Not(gateway.id) })),
    });
    if (reasons.length > 0) return this.verdicts.reject(manager, application, reasons);

    const modification = modificationOf(gateway, changes);
    const update: Partial<Gateway> = { ...modification };
    if (modification.person) update.identityKey = newIdentityKey;
    if (modification.username) update.usernameKey = usernameKey(modification.username);
    if (Object.keys(update).length > 0) await manager.update(Gateway, { id: gateway.id }, update);

    await this.events.publish(manager, GatewayModified, {
      gatewayId: gateway.id,
      status: gateway.status,
      email: modification.email ?? gateway.email,
      previousEmail: modification.email ? gateway.email : undefined,
      locale: modification.locale ?? gateway.locale,
      username: modification.username,
      identityChanged: modification.person !== undefined,
      familyName: modification.person?.familyName,
      givenNames: modification.person?.givenNames,
      reminders: modification.reminders,
      reissueActivationCode: changes.reissueActivationCode ?? false,
      modifiedAt: this.clock.now().toISOString(),
    });
    await this.verdicts.complete(manager, application, gateway.id);
    await this.events.audit(manager, { actor: application.officerId, action: 'gateway.modified', subject: gateway.id });
  }
}
