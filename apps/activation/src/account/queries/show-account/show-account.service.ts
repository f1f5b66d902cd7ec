import { Injectable } from '@nestjs/common';
import { SecondFactorMethod } from '@client-gate/contracts';
import { UnitOfWork } from '@client-gate/platform';
import { Account } from '../../account.entity';
import { enrolledFactors } from '../../../second-factor/enrolled-factors';

export interface AccountView {
  gatewayId: string;
  familyName: string | null;
  givenNames: string | null;
  email: string | null;
  consulate: string | null;
  username: string | null;
  passwordExpiresAt: string | null;
  /** The factor last used at a login (or the newest); null without one. */
  secondFactor: SecondFactorMethod | null;
  /** R27: every enrolled factor, the one last used first. */
  secondFactors: { method: SecondFactorMethod; enrolledAt: string; lastUsedAt: string | null }[];
  /** R27: the passkeys, each by its id (to remove it) and the client's name for it. */
  passkeys: { id: string; name: string; enrolledAt: string; lastUsedAt: string | null }[];
}

/** R24: what the client sees of their own account. */
@Injectable()
export class ShowAccountService {
  constructor(private readonly unitOfWork: UnitOfWork) {}

  show(gatewayId: string): Promise<AccountView> {
    return this.unitOfWork.read(async (manager) => {
      const account = await manager.findOneByOrFail(Account, { gatewayId });
      const factors = await enrolledFactors(manager, gatewayId);
      return {
        gatewayId,
        familyName: account.familyName,
        givenNames: account.givenNames,
        email: account.email,
        consulate: account.consulate,
        username: account.username,
        passwordExpiresAt: account.passwordExpiresAt?.toISOString() ?? null,
        secondFactor: factors[0]?.method ?? null,
        secondFactors: factors.map(({ method, enrolledAt, lastUsedAt }) => ({
          method,
          enrolledAt: enrolledAt.toISOString(),
          lastUsedAt: lastUsedAt?.toISOString() ?? null,
        })),
        passkeys: factors
          .filter((factor) => factor.method === 'passkey')
          .map(({ id, name, enrolledAt, lastUsedAt }) => ({ id, name: name!, enrolledAt: enrolledAt.toISOString(), lastUsedAt: lastUsedAt?.toISOString() ?? null })),
      };
    });
  }
}
