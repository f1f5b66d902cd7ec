import { Person, Reason } from '@client-gate/contracts';
import { EntityManager, In } from 'typeorm';
import { identityKey } from './domain/identity';
import { Gateway, LIVE_STATUSES, LiveGateway } from './gateway.entity';

export const GATEWAY_NOT_FOUND: Reason = {
  code: 'GATEWAY_NOT_FOUND',
  message: 'This person has no Client Gate account to change or delete (R3).',
};

/** R3: `delete` and `modify` find the person's gateway by identity (R2), wherever it was registered; locked for the change. */
export function findLiveGateway(manager: EntityManager, person: Person): Promise<LiveGateway | null> {
  return manager.findOne(Gateway, {
    where: { identityKey: identityKey(person), status: In(LIVE_STATUSES) },
    lock: { mode: 'pessimistic_write' },
  }) as Promise<LiveGateway | null>;
}
