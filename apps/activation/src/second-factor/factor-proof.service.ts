import { HttpStatus, Injectable } from '@nestjs/common';
import { ApiError, Clock, UnitOfWork } from '@client-gate/platform';
import { EntityManager } from 'typeorm';
import { Account } from '../account/account.entity';
import { PasswordHasher } from '../credentials/password-hasher';
import { AttemptThrottle } from '../credentials/throttling/attempt-throttle.service';
import { pendingBinding } from './commands/enrol/enrol.service';
import { MAX_CODE_TRIES, sameHash } from './domain/factor-codes';
import { FactorSecrets } from './factor-secrets.service';
import { enrolledFactors } from './enrolled-factors';
import { PasskeyCeremonies, passkeysOf } from './passkeys/passkey-ceremonies.service';
import { Assertion } from './passkeys/webauthn';
import { PendingFactor, SecondFactor } from './second-factor.entity';

const WRONG = () => new ApiError(HttpStatus.UNAUTHORIZED, [{ code: 'INVALID_CREDENTIALS', message: 'The password or the code is not correct.' }]);

/** The password and a current code of one of the account's factors, or (R27) a passkey's assertion. */
export type PasswordAndCode = { password: string } & ({ code: string } | { assertion: Assertion });

/**
 * R23, R26: the password and a current code of the enrolled factor, typed by a signed-in client (to remove the
 * factor, or to re-authenticate). Wrong ones back off like a login (SPEC §8) and are answered alike.
 */
@Injectable()
export class FactorProof {
  constructor(
    private readonly unitOfWork: UnitOfWork,
    private readonly clock: Clock,
    private readonly hasher: PasswordHasher,
    private readonly throttle: AttemptThrottle,
    private readonly secrets: FactorSecrets,
    private readonly ceremonies: PasskeyCeremonies,
  ) {}

  /**
   * Checks the password, then (the account locked) a code of one of its factors, and runs `effect` in that same
   * transaction with the account's factors; 401 otherwise. Without a factor (SECOND_FACTOR=optional) the password
   * alone counts, unless `factorRequired` (then 404 SECOND_FACTOR_NOT_ENROLLED).
   */
  async prove<T>(
    gatewayId: string,
    typed: PasswordAndCode,
    clientAddress: string,
    effect: (manager: EntityManager, account: Account, factors: SecondFactor[]) => Promise<T>,
    options: { factorRequired: boolean },
  ): Promise<T> {
    const account = await this.unitOfWork.read((manager) => manager.findOneByOrFail(Account, { gatewayId }));
    const enrolled = await this.unitOfWork.read((manager) => manager.existsBy(SecondFactor, { gatewayId }));
    if (!enrolled && options.factorRequired) throw ApiError.notFound('SECOND_FACTOR_NOT_ENROLLED', 'No second factor is enrolled.');
    const attempt = await this.throttle.admit(clientAddress, account.usernameKey);
    const passwordRight = await this.hasher.verify(account.passwordHash, typed.password);
    // A wrong code is recorded (an emailed code's tries) and answered after the commit.
    const outcome = passwordRight ? await this.unitOfWork.run((manager) => this.tryCode(manager, gatewayId, typed, effect)) : null;
    if (!outcome) throw WRONG();
    await this.throttle.passed(attempt);
    return outcome.result;
  }

  private async tryCode<T>(
    manager: EntityManager,
    gatewayId: string,
    typed: PasswordAndCode,
    effect: (manager: EntityManager, account: Account, factors: SecondFactor[]) => Promise<T>,
  ): Promise<{ result: T } | null> {
    const account = await manager.findOneOrFail(Account, { where: { gatewayId }, lock: { mode: 'pessimistic_write' } });
    const factors = await enrolledFactors(manager, gatewayId);
    // R27: a current code of any of the account's factors, or an assertion of one of its passkeys (POST /account/reauthenticate/options).
    const proven =
      'assertion' in typed
        ? (await this.ceremonies.acceptProof(manager, gatewayId, passkeysOf(factors), typed.assertion)) !== null
        : await this.anyAccepts(manager, factors, typed.code);
    if (factors.length > 0 && !proven) return null;
    return { result: await effect(manager, account, factors) };
  }

  private async anyAccepts(manager: EntityManager, factors: SecondFactor[], code: string): Promise<boolean> {
    for (const factor of factors) {
      if (factor.method === 'passkey') continue;
      const right = factor.method === 'totp' ? await this.secrets.acceptTotp(manager, factor, code) : await this.acceptEmailed(manager, factor.gatewayId, code);
      if (right) return true;
    }
    return false;
  }

  /** The email factor's current code: the one last asked for (POST /account/second-factor/email), within its 10 minutes and 5 tries. */
  private async acceptEmailed(manager: EntityManager, gatewayId: string, code: string): Promise<boolean> {
    const pending = await manager.findOneBy(PendingFactor, { gatewayId, method: 'email' });
    if (!pending || pending.expiresAt <= this.clock.now() || pending.attempts >= MAX_CODE_TRIES) return false;
    await manager.update(PendingFactor, { gatewayId }, { attempts: pending.attempts + 1 });
    return sameHash(this.secrets.emailCodeHash(pendingBinding(gatewayId), code), pending.codeHash);
  }
}
