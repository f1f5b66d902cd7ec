import { Inject, Injectable } from '@nestjs/common';
import { NewSignIn, sealedCodeBinding } from '@client-gate/contracts';
import { Clock, EventPublisher, SecretSealer } from '@client-gate/platform';
import { randomUUID } from 'node:crypto';
import { EntityManager } from 'typeorm';
import { browserName } from '../activity/domain/browser-name';
import { maskedAddress } from '../activity/domain/masked-address';
import { ACTIVATION_ENV, ActivationEnv } from '../config';
import { newToken } from '../second-factor/domain/factor-codes';
import { RequestOrigin } from './request-origin';
import { Account } from '../account/account.entity';
import { DisavowalToken } from './disavowal-token.entity';

/** R26: how long the "this was not me" link of a new-sign-in email works. */
export const NOT_ME_LINK_DAYS = 30;

/**
 * R26: a sign-in from a browser the account had not used emails `new-sign-in` with a "this was not me" link. Its
 * token is random, kept only as a hash, and sealed on Kafka with CODE_SEALING_KEYS like the codes (SPEC §8).
 */
@Injectable()
export class NewSignInNotices {
  private readonly onKafka: SecretSealer;

  constructor(
    @Inject(ACTIVATION_ENV) env: ActivationEnv,
    private readonly events: EventPublisher,
    private readonly clock: Clock,
  ) {
    this.onKafka = new SecretSealer(env.CODE_SEALING_KEYS);
  }

  async send(manager: EntityManager, account: Account, origin: RequestOrigin): Promise<void> {
    const { token, hash } = newToken();
    const now = this.clock.now();
    await manager.insert(DisavowalToken, { tokenHash: hash, gatewayId: account.gatewayId, expiresAt: new Date(now.getTime() + NOT_ME_LINK_DAYS * 86_400_000), usedAt: null });
    const notification = { gatewayId: account.gatewayId, notificationId: randomUUID() };
    await this.events.publish(manager, NewSignIn, {
      ...notification,
      signedInAt: now.toISOString(),
      browser: browserName(origin.userAgent)?.slice(0, 200) ?? null,
      maskedAddress: maskedAddress(origin.address),
      sealedNotMeToken: this.onKafka.seal(token, sealedCodeBinding(notification)),
      email: account.email!,
      locale: account.locale,
    });
  }
}
