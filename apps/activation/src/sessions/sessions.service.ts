import { Injectable } from '@nestjs/common';
import { Clock, UnitOfWork } from '@client-gate/platform';
import { EntityManager, LessThanOrEqual } from 'typeorm';
import { newToken, tokenHash } from '../second-factor/domain/factor-codes';
import { ClientSession, SessionKind } from './client-session.entity';

/** R24: a session ends after 30 idle minutes. */
export const SESSION_IDLE_MINUTES = 30;
/** R22: an enrolment token is good for 15 minutes from the password, whatever is done with it. */
export const ENROLMENT_TOKEN_MINUTES = 15;

export interface AuthenticatedClient {
  gatewayId: string;
  kind: SessionKind;
  tokenHash: string;
}

/** Client sessions and enrolment tokens: random bearer tokens stored only as their hash, a new one at every login. */
@Injectable()
export class Sessions {
  constructor(
    private readonly unitOfWork: UnitOfWork,
    private readonly clock: Clock,
  ) {}

  /** A new token of that kind for the gateway, in the caller's transaction. */
  async start(manager: EntityManager, gatewayId: string, kind: SessionKind): Promise<string> {
    const { token, hash } = newToken();
    const now = this.clock.now();
    await manager.insert(ClientSession, { tokenHash: hash, gatewayId, kind, createdAt: now, lastSeenAt: now });
    return token;
  }

  /** The client behind a token still alive, which counts as activity (sessions); null otherwise. */
  async authenticate(token: string): Promise<AuthenticatedClient | null> {
    const hash = tokenHash(token);
    const now = this.clock.now();
    return this.unitOfWork.run(async (manager) => {
      const session = await manager.findOneBy(ClientSession, { tokenHash: hash });
      if (!session) return null;
      if (now >= expiry(session)) {
        await manager.delete(ClientSession, { tokenHash: hash });
        return null;
      }
      if (session.kind === 'session') await manager.update(ClientSession, { tokenHash: hash }, { lastSeenAt: now });
      return { gatewayId: session.gatewayId, kind: session.kind, tokenHash: hash };
    });
  }

  end(manager: EntityManager, hash: string): Promise<unknown> {
    return manager.delete(ClientSession, { tokenHash: hash });
  }

  /** Sessions idle for longer than allowed, gone for good (a job keeps the table small). */
  forgetExpired(manager: EntityManager): Promise<unknown> {
    const idleSince = new Date(this.clock.now().getTime() - SESSION_IDLE_MINUTES * 60_000);
    return manager.delete(ClientSession, { lastSeenAt: LessThanOrEqual(idleSince) });
  }
}

function expiry(session: ClientSession): Date {
  return session.kind === 'session'
    ? new Date(session.lastSeenAt.getTime() + SESSION_IDLE_MINUTES * 60_000)
    : new Date(session.createdAt.getTime() + ENROLMENT_TOKEN_MINUTES * 60_000);
}
