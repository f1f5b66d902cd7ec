import { Injectable } from '@nestjs/common';
import { CodePurpose } from '@client-gate/contracts';
import { Clock, ErrorItem } from '@client-gate/platform';
import { EntityManager, IsNull, MoreThan } from 'typeorm';
import { Account } from '../account/account.entity';
import { CodeIssuer } from './code-issuer.service';
import { canonicalCode, hashCode } from './domain/one-time-code';
import { OneTimeCode } from './one-time-code.entity';

export const INVALID_CODE: ErrorItem = {
  code: 'INVALID_CODE',
  field: 'code',
  message: 'This code is not valid: it may be mistyped, used, replaced by a newer one or expired.',
};

/** Finds and claims the one-time code a client typed (R10, R13); unknown, used, voided, expired and wrong-purpose codes alike are none. */
@Injectable()
export class CodeRedeemer {
  constructor(
    private readonly codes: CodeIssuer,
    private readonly clock: Clock,
  ) {}

  find(manager: EntityManager, typed: string, purpose: CodePurpose): Promise<OneTimeCode | null> {
    const canonical = canonicalCode(typed);
    if (!canonical) return Promise.resolve(null);
    return manager.findOneBy(OneTimeCode, this.usable(hashCode(this.codes.codeHashKey, canonical), purpose));
  }

  /**
   * Inside a transaction: locks the code's account, then the code, and marks it used. Accounts are
   * locked before their codes everywhere (re-issue, erasure), so that concurrent changes wait instead
   * of deadlocking; null when the code is no longer usable.
   */
  async claim(manager: EntityManager, typed: string, purpose: CodePurpose): Promise<{ account: Account; code: OneTimeCode } | null> {
    const found = await this.find(manager, typed, purpose);
    if (!found) return null;
    const account = await manager.findOne(Account, { where: { gatewayId: found.gatewayId }, lock: { mode: 'pessimistic_write' } });
    const code = await manager.findOne(OneTimeCode, {
      where: { id: found.id, ...this.usable(found.codeHash, purpose) },
      lock: { mode: 'pessimistic_write' },
    });
    if (!account || !code) return null;
    await manager.update(OneTimeCode, { id: code.id }, { usedAt: this.clock.now() });
    return { account, code };
  }

  private usable(codeHash: string, purpose: CodePurpose) {
    return { codeHash, purpose, usedAt: IsNull(), voidedAt: IsNull(), expiresAt: MoreThan(this.clock.now()) };
  }
}
