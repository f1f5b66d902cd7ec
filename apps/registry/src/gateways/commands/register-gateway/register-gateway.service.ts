import { Injectable } from '@nestjs/common';
import { ApplicationSubmitted, DecodedEvent, EventData, GatewayRegistered, Reason } from '@client-gate/contracts';
import { Clock, EventPublisher, inTraceOf, isoDay } from '@client-gate/platform';
import { randomUUID } from 'node:crypto';
import { EntityManager } from 'typeorm';
import { temporaryRegistrationPending } from '../../../temporary-registrations/domain/temporary-registration';
import { ApplicationVerdicts } from '../../application-verdicts';
import { identityKey } from '../../domain/identity';
import { Gateway, LIVE_STATUSES } from '../../gateway.entity';
import { lockIdentities } from '../../identity-lock';

type Submitted = DecodedEvent<EventData<typeof ApplicationSubmitted>>;

/**
 * R9: a `register` application creates a gateway pending activation, one per person (R1, R2), none while R8's
 * temporary one is pending. The applications of one transaction are decided together: one lock statement, one
 * look-up of each kind and one INSERT for all of them, each decided as if alone, in order (a person applied for
 * twice gets a gateway from the first).
 */
@Injectable()
export class RegisterGatewayService {
  constructor(
    private readonly events: EventPublisher,
    private readonly verdicts: ApplicationVerdicts,
    private readonly clock: Clock,
  ) {}

  async registerAll(applications: Submitted[], manager: EntityManager): Promise<void> {
    const now = this.clock.now();
    const keys = applications.map(({ data }) => identityKey(data.person));
    await lockIdentities(manager, keys);
    const live = await this.withLiveGateway(manager, keys);
    const pending = await this.pendingTemporaryRegistrations(manager, keys, now);
    const gateways: Gateway[] = [];
    for (const [index, event] of applications.entries()) {
      const application = event.data;
      const key = keys[index];
      const reasons: Reason[] = [];
      if (live.has(key)) reasons.push({ code: 'GATEWAY_ALREADY_EXISTS', message: 'This person already has a Client Gate account (R1).' });
      const lapsesOn = pending.get(key);
      if (lapsesOn) reasons.push(temporaryRegistrationPending(isoDay(lapsesOn)));
      if (reasons.length > 0) {
        await inTraceOf(event, () => this.verdicts.reject(manager, application, reasons));
        continue;
      }
      live.add(key);
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
      gateways.push(gateway);
      await inTraceOf(event, async () => {
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
      });
    }
    if (gateways.length > 0) await manager.insert(Gateway, gateways);
  }

  /** The identities among `keys` that have a live gateway (R1). */
  private async withLiveGateway(manager: EntityManager, keys: string[]): Promise<Set<string>> {
    const rows: { identity_key: string }[] = await manager.query(
      'SELECT DISTINCT identity_key FROM gateway WHERE identity_key = ANY($1) AND status = ANY($2)',
      [keys, LIVE_STATUSES],
    );
    return new Set(rows.map((row) => row.identity_key));
  }

  /** When each identity's pending temporary registration (R8) lapses, for those among `keys` that have one. */
  private async pendingTemporaryRegistrations(manager: EntityManager, keys: string[], now: Date): Promise<Map<string, Date>> {
    const rows: { identity_key: string; expires_at: Date }[] = await manager.query(
      `SELECT identity_key, expires_at FROM temporary_registration
       WHERE identity_key = ANY($1) AND status = 'active' AND expires_at > $2`,
      [keys, now],
    );
    return new Map(rows.map((row) => [row.identity_key, row.expires_at]));
  }
}
