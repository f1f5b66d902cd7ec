import { Injectable } from '@nestjs/common';
import { ApiError, Clock, UnitOfWork } from '@client-gate/platform';
import { EntityManager } from 'typeorm';
import { Account } from '../../../account/account.entity';
import { AttemptThrottle } from '../../../credentials/throttling/attempt-throttle.service';
import { MAX_CODE_TRIES, sameHash, tokenHash } from '../../domain/factor-codes';
import { FactorSecrets } from '../../factor-secrets.service';
import { ActivityLog } from '../../../activity/activity-log.service';
import { FactorRemoval } from '../../factor-removal.service';
import { LoginAnswer, LoginOutcomes, SignInOrigin } from '../../login-outcomes.service';
import { enrolledFactors } from '../../enrolled-factors';
import { PasskeyCeremonies, passkeysOf } from '../../passkeys/passkey-ceremonies.service';
import { LoginChallenge, RemovalCode, SecondFactor } from '../../second-factor.entity';
import { Assertion } from '../../passkeys/webauthn';
import { CompleteLoginDto } from './complete-login.dto';

export const INVALID_FACTOR_CODE = () =>
  ApiError.unauthorized('INVALID_CODE', 'This code is not valid: it may be mistyped, used or expired, or the login took too long.');

/**
 * R22, R23: completes a login with the factor's code (each TOTP step once, the emailed code of this challenge
 * only) or with the removal code, which removes the factor. Wrong codes back off like wrong passwords (SPEC §8);
 * unknown, used and expired challenges and codes all answer one INVALID_CODE.
 */
@Injectable()
export class CompleteLoginService {
  constructor(
    private readonly unitOfWork: UnitOfWork,
    private readonly clock: Clock,
    private readonly throttle: AttemptThrottle,
    private readonly secrets: FactorSecrets,
    private readonly outcomes: LoginOutcomes,
    private readonly removal: FactorRemoval,
    private readonly activity: ActivityLog,
    private readonly ceremonies: PasskeyCeremonies,
  ) {}

  async complete(dto: CompleteLoginDto, origin: SignInOrigin): Promise<LoginAnswer> {
    const challengeHash = tokenHash(dto.challenge);
    const account = await this.unitOfWork.read(async (manager) => {
      const challenge = await manager.findOneBy(LoginChallenge, { tokenHash: challengeHash });
      return challenge && manager.findOneBy(Account, { gatewayId: challenge.gatewayId, status: 'active' });
    });
    // R26: a wrong code stays counted against the account, as a wrong password does; only a sign-in clears it.
    const attempt = await this.throttle.admit(origin.address, account?.usernameKey ?? null);
    // A wrong code is recorded (the challenge's tries, the activity) and answered after the commit.
    const answer = account && (await this.unitOfWork.run((manager) => this.tryCode(manager, account.gatewayId, challengeHash, dto, origin)));
    if (!answer) throw INVALID_FACTOR_CODE();
    await this.throttle.passed(attempt);
    return answer;
  }

  private async tryCode(manager: EntityManager, gatewayId: string, challengeHash: string, dto: CompleteLoginDto, origin: SignInOrigin): Promise<LoginAnswer | null> {
    // The account first, as everywhere: concurrent uses of one challenge, step or removal code wait for each other.
    const account = await manager.findOne(Account, { where: { gatewayId, status: 'active' }, lock: { mode: 'pessimistic_write' } });
    const challenge = await manager.findOne(LoginChallenge, { where: { tokenHash: challengeHash }, lock: { mode: 'pessimistic_write' } });
    const now = this.clock.now();
    if (!account || !challenge || challenge.usedAt || challenge.expiresAt <= now || challenge.attempts >= MAX_CODE_TRIES) return null;
    await manager.update(LoginChallenge, { tokenHash: challengeHash }, { attempts: challenge.attempts + 1 });
    const factors = await enrolledFactors(manager, gatewayId);
    if (factors.length === 0) return null;

    if ('removalCode' in dto) {
      const removalCode = await manager.findOneBy(RemovalCode, { gatewayId });
      if (!sameHash(this.secrets.removalCodeHash(dto.removalCode), removalCode?.codeHash ?? null)) return this.failed(manager, gatewayId, origin);
      await manager.update(LoginChallenge, { tokenHash: challengeHash }, { usedAt: now });
      // R23, R27: the removal code is spent with every factor it stood in for; R26: every session ends with it.
      await this.removal.remove(manager, account, factors, 'removal-code', origin);
      return this.outcomes.withoutFactor(manager, account, origin);
    }
    if ('assertion' in dto) {
      const passkey = await this.passkeyAssertion(manager, challenge, factors, dto.assertion);
      return passkey ? this.signedInWith(manager, account, challengeHash, passkey, now, origin) : this.failed(manager, gatewayId, origin);
    }
    // R27: the factor the challenge is for (the last used, or the one chosen with /login/second-factor/options).
    const factor = factors.find(({ method }) => method === challenge.method);
    if (!factor) return null;
    const right =
      factor.method === 'totp'
        ? await this.secrets.acceptTotp(manager, factor, dto.code)
        : factor.method === 'email' && sameHash(this.secrets.emailCodeHash(challengeHash, dto.code), challenge.codeHash);
    if (!right) return this.failed(manager, gatewayId, origin);
    return this.signedInWith(manager, account, challengeHash, factor, now, origin);
  }

  /** The challenge used up, the factor's last use recorded, and the sign-in complete (R26). */
  private async signedInWith(manager: EntityManager, account: Account, challengeHash: string, factor: SecondFactor, now: Date, origin: SignInOrigin): Promise<LoginAnswer> {
    await manager.update(LoginChallenge, { tokenHash: challengeHash }, { usedAt: now });
    await manager.update(SecondFactor, { id: factor.id }, { lastUsedAt: now });
    return this.outcomes.signedIn(manager, account, origin);
  }

  /** R27: the passkey that signed the challenge's WebAuthn challenge (asked for once, used once); null otherwise. */
  private async passkeyAssertion(manager: EntityManager, challenge: LoginChallenge, factors: SecondFactor[], assertion: Assertion): Promise<SecondFactor | null> {
    if (challenge.method !== 'passkey' || !challenge.webauthnChallenge) return null;
    await manager.update(LoginChallenge, { tokenHash: challenge.tokenHash }, { webauthnChallenge: null });
    return this.ceremonies.accept(manager, passkeysOf(factors), assertion, challenge.webauthnChallenge);
  }

  /** R26: a wrong code is a failed sign-in in the account's activity. */
  private async failed(manager: EntityManager, gatewayId: string, origin: SignInOrigin): Promise<null> {
    await this.activity.record(manager, gatewayId, 'sign-in-failed', origin);
    return null;
  }
}
