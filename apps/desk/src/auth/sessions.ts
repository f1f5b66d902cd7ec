import { Inject, Injectable, OnModuleDestroy } from '@nestjs/common';
import { SessionCsrfToken } from '@client-gate/pages';
import { SecretSealer } from '@client-gate/platform';
import { SealedSecret } from '@client-gate/contracts';
import { createHash, randomBytes } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import { DESK_ENV, DeskEnv } from '../config';
import { OfficerTokens, SignedInOfficer } from './officer-sign-in';

export const SESSION_MAX_AGE_MS = 8 * 60 * 60 * 1000;
export const SESSION_IDLE_MS = 30 * 60 * 1000;

export interface Session extends SignedInOfficer {
  /** The cookie's value: never stored, only its hash. */
  id: string;
  csrfToken: string;
  startedAt: number;
  lastSeenAt: number;
}

interface SessionRow {
  id_hash: string;
  officer: string;
  name: string;
  consulate: string;
  csrf_token: string;
  tokens: SealedSecret;
  access_token_expires_at: Date;
  tokens_renewed_at: Date;
  started_at: Date;
  last_seen_at: Date;
}

/** Whether a session is over by its own limits (R25): 8 hours from sign-in, 30 minutes without a request. */
export function sessionEnded(session: { startedAt: number; lastSeenAt: number }, now: number): boolean {
  return now - session.startedAt >= SESSION_MAX_AGE_MS || now - session.lastSeenAt >= SESSION_IDLE_MS;
}

/** The stored key of a session or a sign-in: a hash of the cookie's random id, so that a copy of the table opens nothing. */
export function idHash(id: string): string {
  return createHash('sha256').update(id).digest('base64url');
}

/**
 * The desk's sessions, in its database (R25): a random id (the cookie) for each signed-in officer, a new one
 * at every sign-in, with its own CSRF token; a session ends after 8 hours, after 30 idle minutes, when the
 * provider refuses to renew its tokens, or at sign-out. Restarts and other instances see the same sessions.
 */
@Injectable()
export class Sessions implements OnModuleDestroy {
  private readonly sealer: SecretSealer;
  private readonly sweeper = setInterval(() => void this.sweep().catch(() => undefined), 60_000).unref();

  constructor(
    private readonly database: DataSource,
    @Inject(DESK_ENV) env: DeskEnv,
  ) {
    this.sealer = sessionSealer(env);
  }

  async start(officer: SignedInOfficer): Promise<Session> {
    const now = Date.now();
    const session: Session = { ...officer, id: randomBytes(32).toString('base64url'), csrfToken: SessionCsrfToken.create(), startedAt: now, lastSeenAt: now };
    const key = idHash(session.id);
    await this.database.query(
      `INSERT INTO desk_session (id_hash, officer, name, consulate, csrf_token, tokens, access_token_expires_at, tokens_renewed_at, started_at, last_seen_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $9)`,
      [key, officer.officer, officer.name, officer.consulate, session.csrfToken, this.seal(key, officer), new Date(officer.accessTokenExpiresAt), new Date(officer.tokensRenewedAt), new Date(now)],
    );
    return session;
  }

  /** The live session with this id, its idle time reset; undefined when there is none or it has ended. */
  async touch(id: string | undefined): Promise<Session | undefined> {
    if (id === undefined) return undefined;
    const now = Date.now();
    const rows = (await this.database.query(
      `UPDATE desk_session SET last_seen_at = $2 WHERE id_hash = $1 AND started_at > $3 AND last_seen_at > $4 RETURNING *`,
      [idHash(id), new Date(now), new Date(now - SESSION_MAX_AGE_MS), new Date(now - SESSION_IDLE_MS)],
    )) as [SessionRow[], number];
    const row = rows[0][0];
    return row ? this.open(id, row) : undefined;
  }

  /**
   * Runs `renew` with the session's row locked, so that of two requests (or two instances) only one uses the
   * refresh token; the other finds the tokens already renewed. `renew` answers new tokens, or null when the
   * session must end (the row is then deleted).
   */
  async renewTokens(session: Session, due: (session: Session) => boolean, renew: (session: Session) => Promise<OfficerTokens | null>): Promise<Session | undefined> {
    return this.database.transaction(async (manager: EntityManager) => {
      await manager.query(`SET LOCAL lock_timeout = '10s'`);
      const key = idHash(session.id);
      const [row] = (await manager.query('SELECT * FROM desk_session WHERE id_hash = $1 FOR UPDATE', [key])) as SessionRow[];
      if (!row) return undefined;
      const current = this.open(session.id, row);
      if (!due(current)) return current;
      const tokens = await renew(current);
      if (!tokens) {
        await manager.query('DELETE FROM desk_session WHERE id_hash = $1', [key]);
        return undefined;
      }
      const renewed = { ...current, ...tokens };
      await manager.query('UPDATE desk_session SET tokens = $2, access_token_expires_at = $3, tokens_renewed_at = $4 WHERE id_hash = $1', [
        key,
        this.seal(key, renewed),
        new Date(renewed.accessTokenExpiresAt),
        new Date(renewed.tokensRenewedAt),
      ]);
      return renewed;
    });
  }

  async end(id: string): Promise<void> {
    await this.database.query('DELETE FROM desk_session WHERE id_hash = $1', [idHash(id)]);
  }

  onModuleDestroy(): void {
    clearInterval(this.sweeper);
  }

  private open(id: string, row: SessionRow): Session {
    const tokens = JSON.parse(this.sealer.open(row.tokens, row.id_hash)) as Pick<OfficerTokens, 'accessToken' | 'refreshToken' | 'idToken'>;
    return {
      id,
      officer: row.officer,
      name: row.name,
      consulate: row.consulate,
      csrfToken: row.csrf_token,
      ...tokens,
      accessTokenExpiresAt: row.access_token_expires_at.getTime(),
      tokensRenewedAt: row.tokens_renewed_at.getTime(),
      startedAt: row.started_at.getTime(),
      lastSeenAt: row.last_seen_at.getTime(),
    };
  }

  private seal(key: string, tokens: OfficerTokens): SealedSecret {
    return this.sealer.seal(JSON.stringify({ accessToken: tokens.accessToken, refreshToken: tokens.refreshToken, idToken: tokens.idToken }), key);
  }

  private async sweep(): Promise<void> {
    const now = Date.now();
    await this.database.query('DELETE FROM desk_session WHERE started_at <= $1 OR last_seen_at <= $2', [new Date(now - SESSION_MAX_AGE_MS), new Date(now - SESSION_IDLE_MS)]);
  }
}

/** AES-256-GCM with a key made from DESK_SESSION_KEY: the provider's tokens and the PKCE verifier are sealed at rest. */
export function sessionSealer(env: Pick<DeskEnv, 'DESK_SESSION_KEY'>): SecretSealer {
  const key = createHash('sha256').update(Buffer.from(env.DESK_SESSION_KEY, 'base64')).digest('base64');
  return new SecretSealer(`desk:${key}`);
}
