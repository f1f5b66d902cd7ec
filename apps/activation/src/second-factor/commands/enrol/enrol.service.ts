import { HttpStatus, Injectable } from '@nestjs/common';
import { SecondFactorEnrolled, SecondFactorMethod } from '@client-gate/contracts';
import { ApiError, Clock, EventPublisher, UnitOfWork } from '@client-gate/platform';
import { randomUUID } from 'node:crypto';
import { EntityManager } from 'typeorm';
import { Account } from '../../../account/account.entity';
import { AttemptThrottle } from '../../../credentials/throttling/attempt-throttle.service';
import { ActivityLog } from '../../../activity/activity-log.service';
import { AuthenticatedClient, Sessions } from '../../../sessions/sessions.service';
import { LoginOutcomes, SignInOrigin } from '../../login-outcomes.service';
import { EMAIL_CODE_VALIDITY_MINUTES, MAX_CODE_TRIES, minutesAfter, newRemovalCode, sameHash } from '../../domain/factor-codes';
import { newTotpSecret, totpStep, totpUri } from '../../domain/totp';
import { FactorSecrets } from '../../factor-secrets.service';
import { PendingFactor, RemovalCode, SecondFactor } from '../../second-factor.entity';

const ALREADY_ENROLLED = () =>
  new ApiError(HttpStatus.CONFLICT, [
    { code: 'SECOND_FACTOR_ENROLLED', message: 'A second factor of this kind is enrolled: remove it first (password and a current code) to replace it.' },
  ]);

const INVALID_ENROLMENT_CODE = () =>
  ApiError.unprocessable([{ code: 'INVALID_CODE', field: 'code', message: 'This code is not valid: it may be mistyped, used or expired.' }]);

/**
 * R22, R23: a factor is enrolled only once the client confirms a valid code from it; then the removal code is
 * shown, once. A pending enrolment lasts as long as an emailed code (10 minutes) and allows 5 tries.
 */
@Injectable()
export class EnrolService {
  constructor(
    private readonly unitOfWork: UnitOfWork,
    private readonly events: EventPublisher,
    private readonly clock: Clock,
    private readonly throttle: AttemptThrottle,
    private readonly secrets: FactorSecrets,
    private readonly sessions: Sessions,
    private readonly outcomes: LoginOutcomes,
    private readonly activity: ActivityLog,
  ) {}

  startTotp(client: AuthenticatedClient): Promise<{ secret: string; otpauthUri: string }> {
    return this.unitOfWork.run(async (manager) => {
      const account = await this.lockAccount(manager, client.gatewayId);
      if (await manager.existsBy(SecondFactor, { gatewayId: client.gatewayId, method: 'totp' })) throw ALREADY_ENROLLED();
      const secret = newTotpSecret();
      await this.savePending(manager, client.gatewayId, 'totp', { sealedSecret: this.secrets.sealTotpSecret(client.gatewayId, secret), codeHash: null });
      return { secret, otpauthUri: totpUri(secret, account.username!) };
    });
  }

  /** The authenticator app's enrolment under way, to show again (the pages, after a wrong code); null when none. */
  pendingTotp(client: AuthenticatedClient): Promise<{ secret: string; otpauthUri: string } | null> {
    return this.unitOfWork.read(async (manager) => {
      const pending = await manager.findOneBy(PendingFactor, { gatewayId: client.gatewayId, method: 'totp' });
      const account = await manager.findOneBy(Account, { gatewayId: client.gatewayId });
      if (!pending?.sealedSecret || !account?.username) return null;
      const secret = this.secrets.openTotpSecret(client.gatewayId, pending.sealedSecret);
      return { secret, otpauthUri: totpUri(secret, account.username) };
    });
  }

  /**
   * Emails a code: to enrol the email factor, or, when it is enrolled, for a removal or a re-authentication
   * (DELETE /account/second-factor, POST /account/reauthenticate).
   */
  startEmail(client: AuthenticatedClient): Promise<void> {
    return this.unitOfWork.run(async (manager) => {
      const account = await this.lockAccount(manager, client.gatewayId);
      const expiresAt = minutesAfter(this.clock.now(), EMAIL_CODE_VALIDITY_MINUTES);
      const codeHash = await this.secrets.sendEmailCode(manager, account, pendingBinding(client.gatewayId), expiresAt);
      await this.savePending(manager, client.gatewayId, 'email', { sealedSecret: null, codeHash });
    });
  }

  async confirm(client: AuthenticatedClient, method: SecondFactorMethod, code: string, origin: SignInOrigin) {
    const usernameKey = await this.unitOfWork.read(async (manager) => (await manager.findOneBy(Account, { gatewayId: client.gatewayId }))?.usernameKey ?? null);
    const attempt = await this.throttle.admit(origin.address, usernameKey);
    // A wrong code is recorded (the enrolment's tries) and answered after the commit.
    const confirmed = await this.unitOfWork.run((manager) => this.tryCode(manager, client, method, code, origin));
    if (!confirmed) throw INVALID_ENROLMENT_CODE();
    await this.throttle.passed(attempt);
    return confirmed;
  }

  private async tryCode(manager: EntityManager, client: AuthenticatedClient, method: SecondFactorMethod, code: string, origin: SignInOrigin) {
    const account = await this.lockAccount(manager, client.gatewayId);
    if (await manager.existsBy(SecondFactor, { gatewayId: client.gatewayId, method })) throw ALREADY_ENROLLED();
    const pending = await manager.findOneBy(PendingFactor, { gatewayId: client.gatewayId, method });
    const now = this.clock.now();
    if (!pending || pending.expiresAt <= now || pending.attempts >= MAX_CODE_TRIES) return null;
    await manager.update(PendingFactor, { gatewayId: client.gatewayId }, { attempts: pending.attempts + 1 });
    const step = method === 'totp' ? totpStep(this.secrets.openTotpSecret(client.gatewayId, pending.sealedSecret!), code, now.getTime()) : null;
    const right = method === 'totp' ? step !== null : sameHash(this.secrets.emailCodeHash(pendingBinding(client.gatewayId), code), pending.codeHash);
    if (!right) return null;

    await manager.delete(PendingFactor, { gatewayId: client.gatewayId });
    // The enrolment's step counts as used: the code that confirmed it cannot also log in (R22).
    const { id: _id, ...answer } = await this.enrolled(manager, client, account, { method, sealedSecret: pending.sealedSecret, lastStep: step }, origin);
    return answer;
  }

  /**
   * A confirmed factor is saved, the client is told by email and in the activity; the first factor comes with
   * the removal code (R23, R27: it then stands in for every factor), and an enrolment token becomes a session.
   */
  async enrolled(
    manager: EntityManager,
    client: AuthenticatedClient,
    account: Account,
    factor: Pick<SecondFactor, 'method'> & Partial<SecondFactor>,
    origin: SignInOrigin,
  ): Promise<{ removalCode?: string; sessionToken?: string; id: string }> {
    const now = this.clock.now();
    const id = randomUUID();
    await manager.insert(SecondFactor, { sealedSecret: null, lastStep: null, ...factor, id, gatewayId: client.gatewayId, enrolledAt: now, lastUsedAt: null });
    const first = !(await manager.existsBy(RemovalCode, { gatewayId: client.gatewayId }));
    const removalCode = first ? newRemovalCode() : undefined;
    if (removalCode) await manager.insert(RemovalCode, { gatewayId: client.gatewayId, codeHash: this.secrets.removalCodeHash(removalCode)! });
    await this.events.publish(manager, SecondFactorEnrolled, {
      gatewayId: client.gatewayId,
      notificationId: randomUUID(),
      method: factor.method,
      ...(factor.name && { passkeyName: factor.name }),
      email: account.email!,
      locale: account.locale,
      enrolledAt: now.toISOString(),
    });
    await this.events.audit(manager, { actor: 'client', action: `second-factor.enrolled.${factor.method}`, subject: client.gatewayId });
    await this.activity.record(manager, client.gatewayId, 'factor-enrolled', origin);
    if (client.kind === 'session') return { id, removalCode };
    // The enrolment token has served its purpose: the password and now the factor make a complete sign-in (R26).
    await this.sessions.end(manager, client.tokenHash);
    const { sessionToken } = await this.outcomes.signedIn(manager, account, origin);
    return { id, removalCode, sessionToken };
  }

  lockAccount(manager: EntityManager, gatewayId: string): Promise<Account> {
    return manager.findOneOrFail(Account, { where: { gatewayId, status: 'active' }, lock: { mode: 'pessimistic_write' } });
  }

  private async savePending(
    manager: EntityManager,
    gatewayId: string,
    method: SecondFactorMethod,
    secret: Pick<PendingFactor, 'sealedSecret' | 'codeHash'>,
  ): Promise<void> {
    const expiresAt = minutesAfter(this.clock.now(), EMAIL_CODE_VALIDITY_MINUTES);
    await manager.upsert(PendingFactor, { gatewayId, method, ...secret, expiresAt, attempts: 0 }, ['gatewayId']);
  }
}

/** What an emailed code outside a login is bound to: this account's pending enrolment or removal. */
export function pendingBinding(gatewayId: string): string {
  return `pending|${gatewayId}`;
}
