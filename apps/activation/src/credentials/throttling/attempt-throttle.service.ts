import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { Clock, Jobs, UnitOfWork } from '@client-gate/platform';
import { createHmac } from 'node:crypto';
import { EntityManager } from 'typeorm';
import { ACTIVATION_ENV, ActivationEnv } from '../../config';
import { AttemptThrottleRecord, ThrottleScope } from './attempt-throttle.entity';
import { afterFailure, BackoffPolicy, Failures, lockedForSeconds, withdrawFailure } from './domain/backoff';
import { TooManyAttempts } from './too-many-attempts';

/** An admitted attempt: each of its keys with the state before it and the failure counted ahead. */
export interface Attempt {
  keys: { scope: ThrottleScope; keyHash: string; before: Failures; counted: Failures }[];
}

/**
 * Brute-force back-off per account and per client address (SPEC §8), in the database so that every
 * instance shares it, on the platform clock. Each attempt is counted as a failure before the password
 * or code is checked, so that parallel guesses cannot slip past the threshold together; a success
 * takes its failure back, and only a complete sign-in clears the account's count (R26).
 */
@Injectable()
export class AttemptThrottle implements OnModuleInit {
  private readonly policy: BackoffPolicy;
  private readonly hashKey: Buffer;
  private readonly exemptAddresses: Set<string>;

  constructor(
    @Inject(ACTIVATION_ENV) private readonly env: ActivationEnv,
    private readonly unitOfWork: UnitOfWork,
    private readonly clock: Clock,
    private readonly jobs: Jobs,
    private readonly http: HttpAdapterHost,
  ) {
    this.policy = {
      threshold: env.LOGIN_BACKOFF_THRESHOLD,
      baseSeconds: env.LOGIN_BACKOFF_BASE_SECONDS,
      maxSeconds: env.LOGIN_BACKOFF_MAX_SECONDS,
      forgetSeconds: env.LOGIN_BACKOFF_FORGET_SECONDS,
    };
    this.hashKey = Buffer.from(env.CODE_HASH_KEY, 'base64');
    this.exemptAddresses = new Set(env.LOGIN_BACKOFF_EXEMPT_ADDRESSES.map(canonicalAddress));
  }

  onModuleInit(): void {
    // request.ip is the client's only when the proxies in front are declared; otherwise X-Forwarded-For is ignored.
    this.http.httpAdapter?.getInstance().set('trust proxy', this.env.TRUST_PROXY);
    this.jobs.register('forget-attempt-failures', () => this.forgetQuietKeys());
  }

  /**
   * Counts an attempt from `clientAddress` on the account `accountKey` (when known) as failed ahead of
   * the check; throws TooManyAttempts, changing nothing, while either is locked.
   */
  async admit(clientAddress: string, accountKey: string | null): Promise<Attempt> {
    const keys: { scope: ThrottleScope; key: string }[] = [];
    if (accountKey !== null) keys.push({ scope: 'account', key: accountKey });
    const address = canonicalAddress(clientAddress);
    if (!this.exemptAddresses.has(address)) keys.push({ scope: 'address', key: address });
    const now = this.clock.now();

    return this.unitOfWork.run(async (manager) => {
      // Locked in one order ('account' before 'address') everywhere, so that attempts wait rather than deadlock.
      const states = [];
      for (const { scope, key } of keys) {
        const keyHash = this.keyHash(scope, key);
        states.push({ scope, keyHash, before: await lockRecord(manager, scope, keyHash) });
      }
      const lockedFor = Math.max(0, ...states.map(({ before }) => lockedForSeconds(before, now)));
      if (lockedFor > 0) throw new TooManyAttempts(lockedFor);
      const attempt: Attempt = { keys: [] };
      for (const { scope, keyHash, before } of states) {
        const counted = afterFailure(before, now, this.policy);
        await manager.update(AttemptThrottleRecord, { scope, keyHash }, counted);
        attempt.keys.push({ scope, keyHash, before, counted });
      }
      return attempt;
    });
  }

  /**
   * The password or code was right: the attempt takes back its own failure, from the account and the address
   * alike. The account's earlier failures stay: only a complete sign-in clears them (R26, `forgetAccount`).
   */
  async passed(attempt: Attempt): Promise<void> {
    await this.unitOfWork.run(async (manager) => {
      for (const { scope, keyHash, before, counted } of attempt.keys) {
        const restored = withdrawFailure(await lockRecord(manager, scope, keyHash), before, counted);
        if (restored.failures === 0 && lockedForSeconds(restored, this.clock.now()) === 0) {
          await manager.delete(AttemptThrottleRecord, { scope, keyHash });
        } else {
          await manager.update(AttemptThrottleRecord, { scope, keyHash }, restored);
        }
      }
    });
  }

  /** R26: a complete sign-in (password and second factor) clears the account's failures, in its transaction. */
  async forgetAccount(manager: EntityManager, accountKey: string): Promise<void> {
    await manager.delete(AttemptThrottleRecord, { scope: 'account', keyHash: this.keyHash('account', accountKey) });
  }

  /** Drops the records of keys quiet for longer than failures are remembered (safe to run twice at once). */
  private async forgetQuietKeys(): Promise<{ forgotten: number }> {
    const now = this.clock.now();
    const quietSince = new Date(now.getTime() - this.policy.forgetSeconds * 1000);
    const result = await this.unitOfWork.run((manager) =>
      manager
        .createQueryBuilder()
        .delete()
        .from(AttemptThrottleRecord)
        .where('(last_failure_at IS NULL OR last_failure_at < :quietSince)', { quietSince })
        .andWhere('(locked_until IS NULL OR locked_until <= :now)', { now })
        .execute(),
    );
    return { forgotten: result.affected ?? 0 };
  }

  /** A keyed hash, so that the table holds neither usernames nor addresses. */
  private keyHash(scope: ThrottleScope, key: string): string {
    return createHmac('sha256', this.hashKey).update(`attempt-throttle|${scope}|${key}`).digest('hex');
  }
}

/** The key's record, created when new and locked for the transaction either way. */
async function lockRecord(manager: EntityManager, scope: ThrottleScope, keyHash: string): Promise<Failures> {
  const [row] = (await manager.query(
    `INSERT INTO attempt_throttle (scope, key_hash, failures) VALUES ($1, $2, 0)
       ON CONFLICT (scope, key_hash) DO UPDATE SET failures = attempt_throttle.failures
       RETURNING failures, last_failure_at, locked_until`,
    [scope, keyHash],
  )) as { failures: number; last_failure_at: Date | null; locked_until: Date | null }[];
  return { failures: row.failures, lastFailureAt: row.last_failure_at, lockedUntil: row.locked_until };
}

/** IPv4 clients of a dual-stack listener appear as `::ffff:a.b.c.d`: one address, one key. */
function canonicalAddress(address: string | undefined): string {
  const value = address ?? 'unknown';
  return value.startsWith('::ffff:') && value.includes('.') ? value.slice(7) : value;
}
