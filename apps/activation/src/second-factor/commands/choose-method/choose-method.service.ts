import { Injectable } from '@nestjs/common';
import { SecondFactorMethod } from '@client-gate/contracts';
import { Clock, UnitOfWork } from '@client-gate/platform';
import { PublicKeyCredentialRequestOptionsJSON } from '@simplewebauthn/server';
import { Account } from '../../../account/account.entity';
import { MAX_CODE_TRIES, tokenHash } from '../../domain/factor-codes';
import { FactorSecrets } from '../../factor-secrets.service';
import { enrolledFactors } from '../../enrolled-factors';
import { PasskeyCeremonies, passkeysOf } from '../../passkeys/passkey-ceremonies.service';
import { LoginChallenge, SecondFactor } from '../../second-factor.entity';
import { INVALID_FACTOR_CODE } from '../complete-login/complete-login.service';

/**
 * R27: a login's challenge moves to another of the account's factors; choosing the email factor emails a code
 * bound to the challenge (once: choosing it again sends none, so that the form cannot flood the mailbox).
 * Choosing a passkey returns WebAuthn request options for every passkey of the account, their challenge kept with
 * the login's (a new one each time). Unknown, used and expired challenges, and factors the account does not have,
 * answer INVALID_CODE alike.
 */
@Injectable()
export class ChooseMethodService {
  constructor(
    private readonly unitOfWork: UnitOfWork,
    private readonly clock: Clock,
    private readonly secrets: FactorSecrets,
    private readonly ceremonies: PasskeyCeremonies,
  ) {}

  choose(typedChallenge: string, method: SecondFactorMethod): Promise<{ method: SecondFactorMethod; publicKey?: PublicKeyCredentialRequestOptionsJSON }> {
    const hash = tokenHash(typedChallenge);
    return this.unitOfWork.run(async (manager) => {
      const challenge = await manager.findOne(LoginChallenge, { where: { tokenHash: hash }, lock: { mode: 'pessimistic_write' } });
      if (!challenge || challenge.usedAt || challenge.expiresAt <= this.clock.now() || challenge.attempts >= MAX_CODE_TRIES) throw INVALID_FACTOR_CODE();
      if (!(await manager.existsBy(SecondFactor, { gatewayId: challenge.gatewayId, method }))) throw INVALID_FACTOR_CODE();
      if (method === 'passkey') {
        const publicKey = await this.ceremonies.loginOptions(passkeysOf(await enrolledFactors(manager, challenge.gatewayId)));
        await manager.update(LoginChallenge, { tokenHash: hash }, { method, webauthnChallenge: publicKey.challenge });
        return { method, publicKey };
      }
      if (challenge.method === method) return { method };
      const account = await manager.findOneByOrFail(Account, { gatewayId: challenge.gatewayId });
      const codeHash =
        method === 'email' && !challenge.codeHash ? await this.secrets.sendEmailCode(manager, account, hash, challenge.expiresAt) : challenge.codeHash;
      await manager.update(LoginChallenge, { tokenHash: hash }, { method, codeHash });
      return { method };
    });
  }
}
