import { Injectable } from '@nestjs/common';
import { ApiError, Clock, EventPublisher, UnitOfWork } from '@client-gate/platform';
import { EntityManager } from 'typeorm';
import { Account } from '../../../account/account.entity';
import { AttemptThrottle } from '../../../credentials/throttling/attempt-throttle.service';
import { MAX_CODE_TRIES, sameHash, tokenHash } from '../../domain/factor-codes';
import { FactorSecrets } from '../../factor-secrets.service';
import { LoginAnswer, LoginOutcomes } from '../../login-outcomes.service';
import { LoginChallenge, SecondFactor } from '../../second-factor.entity';
import { removeFactor } from '../remove/remove.service';
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
    private readonly events: EventPublisher,
    private readonly clock: Clock,
    private readonly throttle: AttemptThrottle,
    private readonly secrets: FactorSecrets,
    private readonly outcomes: LoginOutcomes,
  ) {}

  async complete(dto: CompleteLoginDto, clientAddress: string): Promise<LoginAnswer> {
    const challengeHash = tokenHash(dto.challenge);
    const account = await this.unitOfWork.read(async (manager) => {
      const challenge = await manager.findOneBy(LoginChallenge, { tokenHash: challengeHash });
      return challenge && manager.findOneBy(Account, { gatewayId: challenge.gatewayId, status: 'active' });
    });
    const attempt = await this.throttle.admit(clientAddress, account?.usernameKey ?? null);
    // A wrong code is recorded (the challenge's tries) and answered after the commit.
    const answer = account && (await this.unitOfWork.run((manager) => this.tryCode(manager, account.gatewayId, challengeHash, dto)));
    if (!answer) throw INVALID_FACTOR_CODE();
    await this.throttle.succeeded(attempt);
    return answer;
  }

  private async tryCode(manager: EntityManager, gatewayId: string, challengeHash: string, dto: CompleteLoginDto): Promise<LoginAnswer | null> {
    // The account first, as everywhere: concurrent uses of one challenge, step or removal code wait for each other.
    const account = await manager.findOne(Account, { where: { gatewayId, status: 'active' }, lock: { mode: 'pessimistic_write' } });
    const challenge = await manager.findOne(LoginChallenge, { where: { tokenHash: challengeHash }, lock: { mode: 'pessimistic_write' } });
    const now = this.clock.now();
    if (!account || !challenge || challenge.usedAt || challenge.expiresAt <= now || challenge.attempts >= MAX_CODE_TRIES) return null;
    await manager.update(LoginChallenge, { tokenHash: challengeHash }, { attempts: challenge.attempts + 1 });
    const factor = await manager.findOneBy(SecondFactor, { gatewayId });
    if (!factor) return null;

    if ('removalCode' in dto) {
      if (!sameHash(this.secrets.removalCodeHash(dto.removalCode), factor.removalCodeHash)) return null;
      await manager.update(LoginChallenge, { tokenHash: challengeHash }, { usedAt: now });
      // R23: the removal code is spent with the factor it stood in for.
      await removeFactor(manager, this.events, this.clock, account, factor, 'removal-code');
      return this.outcomes.withoutFactor(manager, account);
    }
    const right =
      factor.method === 'totp'
        ? await this.secrets.acceptTotp(manager, factor, dto.code)
        : sameHash(this.secrets.emailCodeHash(challengeHash, dto.code), challenge.codeHash);
    if (!right) return null;
    await manager.update(LoginChallenge, { tokenHash: challengeHash }, { usedAt: now });
    return this.outcomes.signedIn(manager, account);
  }
}
