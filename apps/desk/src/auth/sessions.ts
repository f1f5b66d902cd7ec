import { Injectable, OnModuleDestroy } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import { SignedInOfficer } from './officer-sign-in';

export const SESSION_MAX_AGE_MS = 8 * 60 * 60 * 1000;
export const SESSION_IDLE_MS = 30 * 60 * 1000;

export interface Session extends SignedInOfficer {
  id: string;
  startedAt: number;
  lastSeenAt: number;
}

/**
 * The desk's sessions, in this process's memory: a random id (the cookie) for each signed-in officer, a new
 * one at every sign-in; a session ends after 8 hours, after 30 idle minutes, when its access token expires,
 * or at sign-out. The desk keeps no business data, so a restart only asks officers to sign in again.
 */
@Injectable()
export class Sessions implements OnModuleDestroy {
  private readonly sessions = new Map<string, Session>();
  private readonly sweeper = setInterval(() => this.sweep(), 60_000).unref();

  start(officer: SignedInOfficer): Session {
    const now = Date.now();
    const session = { ...officer, id: randomBytes(32).toString('base64url'), startedAt: now, lastSeenAt: now };
    this.sessions.set(session.id, session);
    return session;
  }

  /** The live session with this id, its idle time reset; undefined when there is none or it has ended. */
  touch(id: string | undefined): Session | undefined {
    const session = id === undefined ? undefined : this.sessions.get(id);
    if (!session) return undefined;
    const now = Date.now();
    if (this.ended(session, now)) {
      this.sessions.delete(session.id);
      return undefined;
    }
    session.lastSeenAt = now;
    return session;
  }

  end(id: string): void {
    this.sessions.delete(id);
  }

  onModuleDestroy(): void {
    clearInterval(this.sweeper);
  }

  private ended(session: Session, now: number): boolean {
    return now - session.startedAt > SESSION_MAX_AGE_MS || now - session.lastSeenAt > SESSION_IDLE_MS || now >= session.accessTokenExpiresAt;
  }

  private sweep(): void {
    const now = Date.now();
    for (const session of this.sessions.values()) if (this.ended(session, now)) this.sessions.delete(session.id);
  }
}
