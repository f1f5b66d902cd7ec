import { Inject, Injectable } from '@nestjs/common';
import { SecretSealer } from '@client-gate/platform';
import { SealedSecret } from '@client-gate/contracts';
import { randomBytes } from 'node:crypto';
import { DataSource } from 'typeorm';
import { DESK_ENV, DeskEnv } from '../config';
import { PendingSignIn } from './officer-sign-in';
import { idHash, sessionSealer } from './sessions';

export const PENDING_MAX_AGE_MS = 10 * 60 * 1000;

/**
 * What the callback must match (PKCE verifier, state, nonce) between the redirect to the provider and the way
 * back: in the database under a hash of a random id that the browser holds in a cookie, sealed, for 10 minutes
 * at most, and used once (taken out as it is read), whichever instance the browser comes back to.
 */
@Injectable()
export class PendingSignIns {
  private readonly sealer: SecretSealer;

  constructor(
    private readonly database: DataSource,
    @Inject(DESK_ENV) env: DeskEnv,
  ) {
    this.sealer = sessionSealer(env);
  }

  /** Keeps it; answers the id for the browser's cookie. */
  async keep(pending: PendingSignIn): Promise<string> {
    const id = randomBytes(32).toString('base64url');
    const key = idHash(id);
    // Abandoned sign-ins go as new ones come.
    await this.database.query('DELETE FROM desk_sign_in WHERE started_at < $1', [new Date(Date.now() - PENDING_MAX_AGE_MS)]);
    await this.database.query('INSERT INTO desk_sign_in (id_hash, pending, started_at) VALUES ($1, $2, $3)', [key, this.sealer.seal(JSON.stringify(pending), key), new Date()]);
    return id;
  }

  /** The sign-in this browser started in the last 10 minutes, removed so that it cannot be used twice. */
  async take(id: string | undefined): Promise<PendingSignIn | undefined> {
    if (!id) return undefined;
    const key = idHash(id);
    const [rows] = (await this.database.query('DELETE FROM desk_sign_in WHERE id_hash = $1 RETURNING pending, started_at', [key])) as [
      { pending: SealedSecret; started_at: Date }[],
      number,
    ];
    const row = rows[0];
    if (!row || Date.now() - row.started_at.getTime() > PENDING_MAX_AGE_MS) return undefined;
    return JSON.parse(this.sealer.open(row.pending, key)) as PendingSignIn;
  }
}
