import { Inject, Injectable } from '@nestjs/common';
import { CodeIssued, CodePurpose, DecodedEvent, sealedCodeBinding } from '@client-gate/contracts';
import { addDays, Clock, EventPublisher, inTraceOf, SecretSealer } from '@client-gate/platform';
import { randomUUID } from 'node:crypto';
import { EntityManager, In, IsNull } from 'typeorm';
import { Account } from '../account/account.entity';
import { ACTIVATION_ENV, ActivationEnv } from '../config';
import { CODE_VALIDITY_DAYS, generateCode, hashCode } from './domain/one-time-code';
import { OneTimeCode } from './one-time-code.entity';

/** Issues a one-time code (R9, R11, R13): voids the previous ones and hands the sealed code to notifications. */
@Injectable()
export class CodeIssuer {
  private readonly hashKey: Buffer;
  private readonly sealer: SecretSealer;

  constructor(
    @Inject(ACTIVATION_ENV) env: ActivationEnv,
    private readonly events: EventPublisher,
    private readonly clock: Clock,
  ) {
    this.hashKey = Buffer.from(env.CODE_HASH_KEY, 'base64');
    this.sealer = new SecretSealer(env.CODE_SEALING_KEYS);
  }

  get codeHashKey(): Buffer {
    return this.hashKey;
  }

  async issue(manager: EntityManager, account: Account, purpose: CodePurpose): Promise<void> {
    await this.issueAll(manager, [{ account, purpose }]);
  }

  /** `issue` for several accounts in one UPDATE and one INSERT; what each publishes carries its cause's trace. */
  async issueAll(manager: EntityManager, issues: { account: Account; purpose: CodePurpose; cause?: DecodedEvent }[]): Promise<void> {
    const now = this.clock.now();
    const expiresAt = addDays(now, CODE_VALIDITY_DAYS);
    await manager.update(
      OneTimeCode,
      { gatewayId: In(issues.map(({ account }) => account.gatewayId)), usedAt: IsNull(), voidedAt: IsNull() },
      { voidedAt: now },
    );
    const codes = issues.map(({ account, purpose }) => ({ account, purpose, code: generateCode() }));
    await manager.insert(
      OneTimeCode,
      codes.map(({ account, purpose, code }) => ({
        id: randomUUID(),
        gatewayId: account.gatewayId,
        purpose,
        codeHash: hashCode(this.hashKey, code.replace(/-/g, '')),
        createdAt: now,
        expiresAt,
        usedAt: null,
        voidedAt: null,
      })),
    );
    for (const [index, { account, purpose, code }] of codes.entries()) {
      const publish = async () => {
        const notification = { gatewayId: account.gatewayId, notificationId: randomUUID() };
        await this.events.publish(manager, CodeIssued, {
          ...notification,
          purpose,
          sealedCode: this.sealer.seal(code, sealedCodeBinding(notification)),
          expiresAt: expiresAt.toISOString(),
          email: account.email!,
          locale: account.locale,
        });
        await this.events.audit(manager, { actor: 'system', action: `code.${purpose}.issued`, subject: account.gatewayId });
      };
      const cause = issues[index].cause;
      await (cause ? inTraceOf(cause, publish) : publish());
    }
  }
}
