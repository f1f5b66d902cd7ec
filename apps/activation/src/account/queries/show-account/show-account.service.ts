import { Injectable } from '@nestjs/common';
import { SecondFactorMethod } from '@client-gate/contracts';
import { UnitOfWork } from '@client-gate/platform';
import { Account } from '../../account.entity';
import { SecondFactor } from '../../../second-factor/second-factor.entity';

export interface AccountView {
  gatewayId: string;
  familyName: string | null;
  givenNames: string | null;
  email: string | null;
  consulate: string | null;
  username: string | null;
  passwordExpiresAt: string | null;
  secondFactor: SecondFactorMethod | null;
}

/** R24: what the client sees of their own account. */
@Injectable()
export class ShowAccountService {
  constructor(private readonly unitOfWork: UnitOfWork) {}

  show(gatewayId: string): Promise<AccountView> {
    return this.unitOfWork.read(async (manager) => {
      const account = await manager.findOneByOrFail(Account, { gatewayId });
      const factor = await manager.findOneBy(SecondFactor, { gatewayId });
      return {
        gatewayId,
        familyName: account.familyName,
        givenNames: account.givenNames,
        email: account.email,
        consulate: account.consulate,
        username: account.username,
        passwordExpiresAt: account.passwordExpiresAt?.toISOString() ?? null,
        secondFactor: factor?.method ?? null,
      };
    });
  }
}
