import { Injectable } from '@nestjs/common';
import { CodePurpose } from '@client-gate/contracts';
import { Clock, ErrorItem } from '@client-gate/platform';
import { EntityManager, IsNull, MoreThan } from 'typeorm';
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

  /** The stored code the client typed, whatever its state: a used or expired code still names the account its attempts count against. */
  lookUp(manager: EntityManager, typed: string): Promise<OneTimeCode | null> {
    const canonical = canonicalCode(typed);
    if (!canonical) return Promise.resolve(null);
    return manager.findOneBy(OneTimeCode, { codeHash: hashCode(this.codes.codeHashKey, canonical) });
  }

  isUsable(code: OneTimeCode, purpose: CodePurpose): boolean {
    return code.purpose === purpose && code.usedAt === null && code.voidedAt === null && code.expiresAt > this.clock.now();
  }

  /**
   * Inside the transaction of the code's effect, after that transaction has locked the code's account by
   * changing it (accounts are locked before their codes everywhere: re-issue, erasure, so that concurrent
   * changes wait instead of deadlocking): marks the code used, in one statement; false when it stopped being
   * usable since it was looked up (used, voided or expired meanwhile).
   */
  async claim(manager: EntityManager, code: OneTimeCode): Promise<boolean> {
    const now = this.clock.now();
    const claimed = await manager.update(
      OneTimeCode,
      { id: code.id, usedAt: IsNull(), voidedAt: IsNull(), expiresAt: MoreThan(now) },
      { usedAt: now },
    );
    return claimed.affected === 1;
  }
}
