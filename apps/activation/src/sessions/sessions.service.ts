import { HttpStatus, Injectable, OnModuleInit } from '@nestjs/common';
import { ApiError, Clock, Jobs, UnitOfWork } from '@client-gate/platform';
import { randomUUID } from 'node:crypto';
import { EntityManager, LessThanOrEqual, Not } from 'typeorm';
import { browserName } from '../activity/domain/browser-name';
import { minutesAfter, newToken, tokenHash } from '../second-factor/domain/factor-codes';
import { LoginChallenge, PasskeyCeremony, PendingFactor } from '../second-factor/second-factor.entity';
import { ClientSession, SessionKind } from './client-session.entity';

/** R24, R26: a session ends after 30 idle minutes… */
export const SESSION_IDLE_MINUTES = 30;
/** …and 12 hours after its sign-in at most (R26). */
export const SESSION_MAX_MINUTES = 12 * 60;
/** R26: a sensitive change needs the password and a code typed within the last 10 minutes. */
export const RECENT_SIGN_IN_MINUTES = 10;
/** R22: an enrolment token is good for 15 minutes from the password, whatever is done with it. */
export const ENROLMENT_TOKEN_MINUTES = 15;

export interface AuthenticatedClient {
  gatewayId: string;
  kind: SessionKind;
  tokenHash: string;
  /** When the password and a code were last typed in this session (R26). */
  authenticatedAt: Date;
}

/** One of the client's open sessions, as the account shows it (R26). */
export interface SessionView {
  id: string;
  startedAt: string;
  lastActiveAt: string;
  userAgent: string | null;
  browser: string | null;
  current: boolean;
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
  async start(manager: EntityManager, gatewayId: string, kind: SessionKind, userAgent: string | null): Promise<string> {
    const { token, hash } = newToken();
    const now = this.clock.now();
    await manager.insert(ClientSession, { tokenHash: hash, id: randomUUID(), gatewayId, kind, createdAt: now, lastSeenAt: now, authenticatedAt: now, userAgent });
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
      return { gatewayId: session.gatewayId, kind: session.kind, tokenHash: hash, authenticatedAt: session.authenticatedAt };
    });
  }

  /** R26: 403 REAUTHENTICATION_REQUIRED unless the session's password and code were typed within the last 10 minutes. */
  requireRecentSignIn(client: AuthenticatedClient): void {
    if (this.clock.now() < minutesAfter(client.authenticatedAt, RECENT_SIGN_IN_MINUTES)) return;
    throw new ApiError(HttpStatus.FORBIDDEN, [
      { code: 'REAUTHENTICATION_REQUIRED', message: 'This change needs a recent sign-in: type the password and a current code again (POST /account/reauthenticate).' },
    ]);
  }

  /** R26: the password and a code were typed again in this session; the client as it now is. */
  async reauthenticated(manager: EntityManager, client: AuthenticatedClient): Promise<AuthenticatedClient> {
    const authenticatedAt = this.clock.now();
    await manager.update(ClientSession, { tokenHash: client.tokenHash }, { authenticatedAt });
    return { ...client, authenticatedAt };
  }

  end(manager: EntityManager, hash: string): Promise<unknown> {
    return manager.delete(ClientSession, { tokenHash: hash });
  }

  /** R26: every session and enrolment token of the account, but the one named `except`; how many ended. */
  async endAll(manager: EntityManager, gatewayId: string, except?: string): Promise<number> {
    const { affected } = await manager.delete(ClientSession, except ? { gatewayId, tokenHash: Not(except) } : { gatewayId });
    return affected ?? 0;
  }

  /** R26: one of the account's own sessions, by its public id; whether there was one. */
  async endById(manager: EntityManager, gatewayId: string, id: string): Promise<boolean> {
    const { affected } = await manager.delete(ClientSession, { gatewayId, id, kind: 'session' });
    return (affected ?? 0) > 0;
  }

  /** R26: the account's open sessions, the most recently active first. */
  list(client: AuthenticatedClient): Promise<SessionView[]> {
    const now = this.clock.now();
    return this.unitOfWork.read(async (manager) => {
      const sessions = await manager.find(ClientSession, { where: { gatewayId: client.gatewayId, kind: 'session' }, order: { lastSeenAt: 'DESC' } });
      return sessions
        .filter((session) => now < expiry(session))
        .map((session) => ({
          id: session.id,
          startedAt: session.createdAt.toISOString(),
          lastActiveAt: session.lastSeenAt.toISOString(),
          userAgent: session.userAgent,
          browser: browserName(session.userAgent),
          current: session.tokenHash === client.tokenHash,
        }));
    });
  }

  /** Sessions, enrolment tokens, challenges and enrolments that can no longer be used, gone for good (a job). */
  private forgetEnded(): Promise<{ forgotten: number }> {
    const now = this.clock.now();
    return this.unitOfWork.run(async (manager) => {
      let forgotten = 0;
      for (const ended of [
        () => manager.delete(ClientSession, { kind: 'session', lastSeenAt: LessThanOrEqual(minutesAfter(now, -SESSION_IDLE_MINUTES)) }),
        () => manager.delete(ClientSession, { kind: 'session', createdAt: LessThanOrEqual(minutesAfter(now, -SESSION_MAX_MINUTES)) }),
        () => manager.delete(ClientSession, { kind: 'enrolment', createdAt: LessThanOrEqual(minutesAfter(now, -ENROLMENT_TOKEN_MINUTES)) }),
        () => manager.delete(LoginChallenge, { expiresAt: LessThanOrEqual(now) }),
        () => manager.delete(PendingFactor, { expiresAt: LessThanOrEqual(now) }),
        () => manager.delete(PasskeyCeremony, { expiresAt: LessThanOrEqual(now) }),
      ]) {
        forgotten += (await ended()).affected ?? 0;
      }
      return { forgotten };
    });
  }
}

/** A session's end: idle for 30 minutes or 12 hours old, whichever comes first (R26); an enrolment token's 15 minutes. */
function expiry(session: ClientSession): Date {
  if (session.kind === 'enrolment') return minutesAfter(session.createdAt, ENROLMENT_TOKEN_MINUTES);
  const idle = minutesAfter(session.lastSeenAt, SESSION_IDLE_MINUTES);
  const absolute = minutesAfter(session.createdAt, SESSION_MAX_MINUTES);
  return idle < absolute ? idle : absolute;
}
