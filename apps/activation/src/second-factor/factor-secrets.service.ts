import { Inject, Injectable } from '@nestjs/common';
import { LoginCodeIssued, SealedSecret, sealedCodeBinding } from '@client-gate/contracts';
import { Clock, EventPublisher, SecretSealer } from '@client-gate/platform';
import { createHmac, randomUUID } from 'node:crypto';
import { EntityManager } from 'typeorm';
import { Account } from '../account/account.entity';
import { ACTIVATION_ENV, ActivationEnv } from '../config';
import { emailCodeHash, newEmailCode, removalCodeHash } from './domain/factor-codes';
import { totpStep } from './domain/totp';
import { SecondFactor } from './second-factor.entity';

/**
 * The second factor's secrets (R22, R23): TOTP secrets sealed at rest with FACTOR_SEALING_KEYS, emailed codes
 * sealed on Kafka like the one-time codes, removal and emailed codes kept only as keyed hashes.
 */
@Injectable()
export class FactorSecrets {
  private readonly atRest: SecretSealer;
  private readonly onKafka: SecretSealer;
  private readonly hashKey: Buffer;

  constructor(
    @Inject(ACTIVATION_ENV) env: ActivationEnv,
    private readonly events: EventPublisher,
    private readonly clock: Clock,
  ) {
    this.hashKey = Buffer.from(env.CODE_HASH_KEY, 'base64');
    this.atRest = new SecretSealer(env.FACTOR_SEALING_KEYS ?? developmentKeyring(this.hashKey));
    this.onKafka = new SecretSealer(env.CODE_SEALING_KEYS);
  }

  /** Bound to its account, so that a sealed secret copied into another account's row does not open. */
  sealTotpSecret(gatewayId: string, secret: string): SealedSecret {
    return this.atRest.seal(secret, totpSecretBinding(gatewayId));
  }

  openTotpSecret(gatewayId: string, sealed: SealedSecret): string {
    return this.atRest.open(sealed, totpSecretBinding(gatewayId));
  }

  removalCodeHash(typed: string): string | null {
    return removalCodeHash(this.hashKey, typed);
  }

  emailCodeHash(boundTo: string, code: string): string {
    return emailCodeHash(this.hashKey, boundTo, code);
  }

  /**
   * Inside the caller's transaction (the account locked): accepts a TOTP code of a step not used before and
   * records that step, so that no code is accepted twice (R22); false otherwise.
   */
  async acceptTotp(manager: EntityManager, factor: SecondFactor, code: string): Promise<boolean> {
    const step = totpStep(this.openTotpSecret(factor.gatewayId, factor.sealedSecret!), code, this.clock.now().getTime());
    if (step === null) return false;
    const { affected } = await manager
      .createQueryBuilder()
      .update(SecondFactor)
      .set({ lastStep: step })
      .where('id = :id AND (last_step IS NULL OR last_step < :step)', { id: factor.id, step })
      .execute();
    return affected === 1;
  }

  /** Emails a new 6-digit code bound to `boundTo` (R22), sealed on Kafka; returns its keyed hash to store. */
  async sendEmailCode(manager: EntityManager, account: Account, boundTo: string, expiresAt: Date): Promise<string> {
    const code = newEmailCode();
    const notification = { gatewayId: account.gatewayId, notificationId: randomUUID() };
    await this.events.publish(manager, LoginCodeIssued, {
      ...notification,
      sealedCode: this.onKafka.seal(code, sealedCodeBinding(notification)),
      expiresAt: expiresAt.toISOString(),
      email: account.email!,
      locale: account.locale,
    });
    await this.events.audit(manager, { actor: 'client', action: 'second-factor.email-code.sent', subject: account.gatewayId });
    return this.emailCodeHash(boundTo, code);
  }
}

function totpSecretBinding(gatewayId: string): string {
  return `second-factor-totp|${gatewayId}`;
}

/** Outside production, when FACTOR_SEALING_KEYS is unset, a key derived from CODE_HASH_KEY (like the pages' CSRF key). */
function developmentKeyring(hashKey: Buffer): string {
  return `derived:${createHmac('sha256', hashKey).update('client-gate second-factor sealing key').digest('base64')}`;
}
