import { Injectable } from '@nestjs/common';
import { CodePurpose } from '@client-gate/contracts';
import { ApiError, UnitOfWork } from '@client-gate/platform';
import { Account } from '../../account/account.entity';
import { CodeIssuer } from '../../codes/code-issuer.service';
import { CodeRedeemer, INVALID_CODE } from '../../codes/code-redeemer.service';
import { canonicalCode, hashCode } from '../../codes/domain/one-time-code';
import { OneTimeCode } from '../../codes/one-time-code.entity';
import { Attempt, AttemptThrottle } from './attempt-throttle.service';

/**
 * Code attempts (POST /activation, /password-reset) count against the client's address and, when the
 * typed code exists at all (used, voided or expired alike), against the account it belongs to.
 */
@Injectable()
export class CodeAttempts {
  constructor(
    private readonly unitOfWork: UnitOfWork,
    private readonly codes: CodeIssuer,
    private readonly throttle: AttemptThrottle,
    private readonly redeemer: CodeRedeemer,
  ) {}

  /**
   * The account of a usable code of that purpose, the attempt counted and then taken back (R10, R13); 422
   * INVALID_CODE otherwise, the failure counted. The code is claimed later, in the transaction of its effect.
   */
  async accountOf(clientAddress: string, typedCode: string, purpose: CodePurpose): Promise<Account> {
    const attempt = await this.admit(clientAddress, typedCode);
    const account = await this.unitOfWork.read(async (manager) => {
      const code = await this.redeemer.find(manager, typedCode, purpose);
      return code && manager.findOneBy(Account, { gatewayId: code.gatewayId });
    });
    if (!account) throw ApiError.unprocessable([INVALID_CODE]);
    await this.throttle.passed(attempt);
    return account;
  }

  private async admit(clientAddress: string, typedCode: string): Promise<Attempt> {
    return this.throttle.admit(clientAddress, await this.accountKeyOf(typedCode));
  }

  /** The same key as login's (the username key) once the account has a username; its gateway id before. */
  private accountKeyOf(typedCode: string): Promise<string | null> {
    const canonical = canonicalCode(typedCode);
    if (!canonical) return Promise.resolve(null);
    return this.unitOfWork.read(async (manager) => {
      const code = await manager.findOneBy(OneTimeCode, { codeHash: hashCode(this.codes.codeHashKey, canonical) });
      const account = code && (await manager.findOneBy(Account, { gatewayId: code.gatewayId }));
      return account ? (account.usernameKey ?? account.gatewayId) : null;
    });
  }
}
