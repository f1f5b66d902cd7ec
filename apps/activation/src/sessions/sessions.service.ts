import { Injectable, OnModuleInit } from '@nestjs/common';
import { Clock, Jobs, UnitOfWork } from '@client-gate/platform';
import { EntityManager, LessThanOrEqual } from 'typeorm';
import { minutesAfter, newToken, tokenHash } from '../second-factor/domain/factor-codes';
import { LoginChallenge, PendingFactor } from '../second-factor/second-factor.entity';
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
export class Sessions implements OnModuleInit {
  constructor(
    private readonly unitOfWork: UnitOfWork,
    private readonly clock: Clock,
    private readonly jobs: Jobs,
  ) {}

  onModuleInit(): void {
    this.jobs.register('forget-ended-logins', () => this.forgetEnded());
  }

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

  /** Sessions, enrolment tokens, challenges and enrolments that can no longer be used, gone for good (a job). */
  private forgetEnded(): Promise<{ forgotten: number }> {
    const now = this.clock.now();
    return this.unitOfWork.run(async (manager) => {
      let forgotten = 0;
      for (const ended of [
        () => manager.delete(ClientSession, { kind: 'session', lastSeenAt: LessThanOrEqual(minutesAfter(now, -SESSION_IDLE_MINUTES)) }),
        () => manager.delete(ClientSession, { kind: 'enrolment', createdAt: LessThanOrEqual(minutesAfter(now, -ENROLMENT_TOKEN_MINUTES)) }),
        () => manager.delete(LoginChallenge, { expiresAt: LessThanOrEqual(now) }),
        () => manager.delete(PendingFactor, { expiresAt: LessThanOrEqual(now) }),
      ]) {
        forgotten += (await ended()).affected ?? 0;
      }
      return { forgotten };
    });
  }
}

function expiry(session: ClientSession): Date {
  return session.kind === 'session' ? minutesAfter(session.lastSeenAt, SESSION_IDLE_MINUTES) : minutesAfter(session.createdAt, ENROLMENT_TOKEN_MINUTES);
}
