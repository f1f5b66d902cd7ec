import { Inject, Injectable, OnApplicationBootstrap, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Clock, Jobs, PollingLoop, UnitOfWork } from '@client-gate/platform';
import { createHmac, randomUUID } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import { Account } from '../../../account/account.entity';
import { CodeIssuer } from '../../../codes/code-issuer.service';
import { ACTIVATION_ENV, ActivationEnv } from '../../../config';
import { FORGOTTEN_PASSWORD_REQUESTS_PER_HOUR, forgottenPasswordCode } from '../../domain/forgotten-password';
import { ForgottenPasswordRequest } from './forgotten-password-request.entity';

const HOUR_MS = 60 * 60 * 1000;
// A request not handled within a day (the service broken all that time) is dropped with its address.
const STALE_AFTER_MS = 24 * HOUR_MS;

/**
 * R11, R13: emails a new code to every live gateway on that address that may still have one, at most
 * FORGOTTEN_PASSWORD_REQUESTS_PER_HOUR times an hour per address. A request is stored before it is
 * answered and handled afterwards by a loop that any instance runs, so a crash loses none.
 */
@Injectable()
export class ForgottenPasswordService implements OnModuleInit, OnApplicationBootstrap, OnApplicationShutdown {
  private readonly hashKey: Buffer;
  private readonly loop = new PollingLoop('forgotten-password', () => this.unitOfWork.inBatches(1, (manager) => this.handleOne(manager)), {
    batchSize: 1,
    idleMs: 1000,
    coalesceMs: 5,
  });

  constructor(
    @Inject(ACTIVATION_ENV) env: ActivationEnv,
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly unitOfWork: UnitOfWork,
    private readonly clock: Clock,
    private readonly codes: CodeIssuer,
    private readonly jobs: Jobs,
  ) {
    this.hashKey = Buffer.from(env.CODE_HASH_KEY, 'base64');
  }

  onModuleInit(): void {
    this.jobs.register('forget-forgotten-password-requests', () => this.forgetOldRequests());
  }

  onApplicationBootstrap(): void {
    this.loop.start();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.loop.stop();
  }

  /**
   * Stores the request; the codes follow. The same one insert for every address, so that known and
   * unknown addresses are answered alike and as fast (SPEC §8).
   */
  async request(email: string): Promise<void> {
    await this.dataSource.getRepository(ForgottenPasswordRequest).insert({
      id: randomUUID(),
      email,
      addressKey: this.addressKey(email),
      requestedAt: this.clock.now(),
      handledAt: null,
      served: false,
    });
    this.loop.nudge();
  }

  /** Handles the oldest pending request that no other instance holds; 1 when there was one. */
  private async handleOne(manager: EntityManager): Promise<number> {
    const request = await manager
      .createQueryBuilder(ForgottenPasswordRequest, 'request')
      .where('request.handled_at IS NULL')
      .orderBy('request.requested_at')
      .limit(1)
      .setLock('pessimistic_write')
      .setOnLocked('skip_locked')
      .getOne();
    if (!request) return 0;
    // One address's requests are counted one at a time, whichever instance handles them.
    await manager.query('SELECT pg_advisory_xact_lock(hashtext($1))', [request.addressKey]);
    const now = this.clock.now();
    const servedLastHour = await manager
      .createQueryBuilder(ForgottenPasswordRequest, 'served')
      .where('served.address_key = :addressKey AND served.served', { addressKey: request.addressKey })
      .andWhere('served.handled_at > :since AND served.handled_at <= :now', { since: new Date(now.getTime() - HOUR_MS), now })
      .getCount();
    const serve = servedLastHour < FORGOTTEN_PASSWORD_REQUESTS_PER_HOUR;
    if (serve) await this.issueCodes(manager, request.email ?? '', now);
    await manager.update(ForgottenPasswordRequest, { id: request.id }, { email: null, handledAt: now, served: serve });
    return 1;
  }

  private async issueCodes(manager: EntityManager, email: string, now: Date): Promise<void> {
    // All of the address's gateways: locked before their codes, as everywhere.
    const accounts = await manager
      .createQueryBuilder(Account, 'account')
      .where('lower(account.email) = lower(:email)', { email })
      .andWhere("account.status <> 'ended'")
      .orderBy('account.gatewayId')
      .setLock('pessimistic_write')
      .getMany();
    for (const account of accounts) {
      const purpose = forgottenPasswordCode(account, now);
      if (purpose) await this.codes.issue(manager, account, purpose);
    }
  }

  /** Drops what no longer counts: requests handled over an hour ago, and any left pending for a day. */
  private async forgetOldRequests(): Promise<{ forgotten: number }> {
    const now = this.clock.now().getTime();
    const result = await this.dataSource
      .createQueryBuilder()
      .delete()
      .from(ForgottenPasswordRequest)
      .where('handled_at < :handledBefore', { handledBefore: new Date(now - HOUR_MS) })
      .orWhere('requested_at < :requestedBefore', { requestedBefore: new Date(now - STALE_AFTER_MS) })
      .execute();
    return { forgotten: result.affected ?? 0 };
  }

  /** A keyed hash, so that a handled request keeps no address. */
  private addressKey(email: string): string {
    return createHmac('sha256', this.hashKey).update(`forgotten-password|${email.toLowerCase()}`).digest('hex');
  }
}
