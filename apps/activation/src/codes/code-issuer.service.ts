import { Inject, Injectable } from '@nestjs/common';
import { CodeIssued, CodePurpose, sealedCodeBinding } from '@client-gate/contracts';
import { addDays, Clock, EventPublisher, SecretSealer } from '@client-gate/platform';
import { randomUUID } from 'node:crypto';
import { EntityManager, IsNull } from 'typeorm';
import { Account } from '../accounts/account.entity';
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
    const now = this.clock.now();
    await manager.update(OneTimeCode, { gatewayId: account.gatewayId, usedAt: IsNull(), voidedAt: IsNull() }, { voidedAt: now });
    const code = generateCode();
    const expiresAt = addDays(now, CODE_VALIDITY_DAYS);
    await manager.insert(OneTimeCode, {
      id: randomUUID(),
      gatewayId: account.gatewayId,
      purpose,
      codeHash: hashCode(this.hashKey, code.replace(/-/g, '')),
      createdAt: now,
      expiresAt,
      usedAt: null,
      voidedAt: null,
    });
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
  }
}
