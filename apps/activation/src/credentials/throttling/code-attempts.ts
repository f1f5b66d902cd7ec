import { Injectable } from '@nestjs/common';
import { CodePurpose } from '@client-gate/contracts';
import { ApiError, UnitOfWork } from '@client-gate/platform';
import { Account } from '../../account/account.entity';
import { CodeRedeemer, INVALID_CODE } from '../../codes/code-redeemer.service';
import { OneTimeCode } from '../../codes/one-time-code.entity';
import { AttemptThrottle } from './attempt-throttle.service';

/** A usable code and its account, as read before the transaction that claims the code. */
export interface UsableCode {
  code: OneTimeCode;
  account: Account;
}

/**
 * Code attempts (POST /activation, /password-reset) count against the client's address and, when the
 * typed code exists at all (used, voided or expired alike), against the account it belongs to.
 */
@Injectable()
export class CodeAttempts {
  constructor(
    private readonly unitOfWork: UnitOfWork,
    private readonly throttle: AttemptThrottle,
    private readonly redeemer: CodeRedeemer,
  ) {}

  /**
   * A usable code of that purpose and its account, the attempt counted and then taken back (R10, R13); 422
   * INVALID_CODE otherwise, the failure counted. One look-up of the code and one of its account serve both the
   * throttle's key and the check; the code is claimed later, in the transaction of its effect.
   */
  async usableCode(clientAddress: string, typedCode: string, purpose: CodePurpose): Promise<UsableCode> {
    const found = await this.unitOfWork.read(async (manager) => {
      const code = await this.redeemer.lookUp(manager, typedCode);
      const account = code && (await manager.findOneBy(Account, { gatewayId: code.gatewayId }));
      return code && account ? { code, account } : null;
    });
    // The same key as login's (the username key) once the account has a username; its gateway id before.
    const attempt = await this.throttle.admit(clientAddress, found ? (found.account.usernameKey ?? found.account.gatewayId) : null);
    if (!found || !this.redeemer.isUsable(found.code, purpose)) throw ApiError.unprocessable([INVALID_CODE]);
    await this.throttle.passed(attempt);
    return found;
  }
}
