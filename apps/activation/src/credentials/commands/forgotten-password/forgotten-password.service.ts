import { Injectable, Logger } from '@nestjs/common';
import { Clock, UnitOfWork } from '@client-gate/platform';
import { Account } from '../../../accounts/account.entity';
import { CodeIssuer } from '../../../codes/code-issuer.service';
import { forgottenPasswordCode } from '../../domain/forgotten-password';

/** R11, R13: emails a new code to every live gateway on that address that may still have one. */
@Injectable()
export class ForgottenPasswordService {
  private readonly logger = new Logger(ForgottenPasswordService.name);

  constructor(
    private readonly unitOfWork: UnitOfWork,
    private readonly clock: Clock,
    private readonly codes: CodeIssuer,
  ) {}

  /** Works after the answer is sent, so that known and unknown addresses are answered alike and as fast (SPEC §8). */
  requestCodes(email: string): void {
    setImmediate(() => {
      this.issueCodes(email).catch((error: Error) => this.logger.error({ err: error.message }, 'forgotten-password request failed'));
    });
  }

  private issueCodes(email: string): Promise<void> {
    return this.unitOfWork.run(async (manager) => {
      // One transaction for all of the address's gateways: locked before their codes, as everywhere.
      const accounts = await manager
        .createQueryBuilder(Account, 'account')
        .where('lower(account.email) = lower(:email)', { email })
        .andWhere("account.status <> 'ended'")
        .orderBy('account.gatewayId')
        .setLock('pessimistic_write')
        .getMany();
      const now = this.clock.now();
      for (const account of accounts) {
        const purpose = forgottenPasswordCode(account, now);
        if (purpose) await this.codes.issue(manager, account, purpose);
      }
    });
  }
}
