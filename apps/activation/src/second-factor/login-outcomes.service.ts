import { Inject, Injectable } from '@nestjs/common';
import { Clock, EventPublisher, UnitOfWork } from '@client-gate/platform';
import { EntityManager } from 'typeorm';
import { Account } from '../account/account.entity';
import { ACTIVATION_ENV, ActivationEnv } from '../config';
import { Sessions } from '../sessions/sessions.service';
import { minutesAfter, newToken } from './domain/factor-codes';
import { FactorSecrets } from './factor-secrets.service';
import { LoginChallenge, SecondFactor } from './second-factor.entity';

/** R22: a login challenge lives 5 minutes. */
export const CHALLENGE_MINUTES = 5;

export type LoginAnswer =
  | { status: 'signed_in'; gatewayId: string; passwordExpiresAt: string; sessionToken: string }
  | { status: 'second_factor_required'; method: 'totp' | 'email'; challenge: string }
  | { status: 'enrolment_required'; enrolmentToken: string };

/** What a right password leads to (SPEC §3, R22): a session, a second-factor challenge, or enrolment first. */
@Injectable()
export class LoginOutcomes {
  constructor(
    @Inject(ACTIVATION_ENV) private readonly env: ActivationEnv,
    private readonly unitOfWork: UnitOfWork,
    private readonly events: EventPublisher,
    private readonly clock: Clock,
    private readonly sessions: Sessions,
    private readonly secrets: FactorSecrets,
  ) {}

  afterPassword(account: Account): Promise<LoginAnswer> {
    return this.unitOfWork.run(async (manager) => {
      const factor = await manager.findOneBy(SecondFactor, { gatewayId: account.gatewayId });
      if (factor) return this.challenge(manager, account, factor);
      return this.withoutFactor(manager, account);
    });
  }

  /** No factor (never enrolled, or just removed with the removal code): enrol first when factors are required. */
  async withoutFactor(manager: EntityManager, account: Account): Promise<LoginAnswer> {
    if (this.env.SECOND_FACTOR === 'required') {
      return { status: 'enrolment_required', enrolmentToken: await this.sessions.start(manager, account.gatewayId, 'enrolment') };
    }
    return this.signedIn(manager, account);
  }

  async signedIn(manager: EntityManager, account: Account): Promise<LoginAnswer> {
    const sessionToken = await this.sessions.start(manager, account.gatewayId, 'session');
    await this.events.audit(manager, { actor: 'client', action: 'client.signed-in', subject: account.gatewayId });
    return { status: 'signed_in', gatewayId: account.gatewayId, passwordExpiresAt: account.passwordExpiresAt!.toISOString(), sessionToken };
  }

  /** The factor is due: a challenge, and for the email factor a code bound to it. */
  private async challenge(manager: EntityManager, account: Account, factor: SecondFactor): Promise<LoginAnswer> {
    const { token, hash } = newToken();
    const expiresAt = minutesAfter(this.clock.now(), CHALLENGE_MINUTES);
    const codeHash = factor.method === 'email' ? await this.secrets.sendEmailCode(manager, account, hash, expiresAt) : null;
    await manager.insert(LoginChallenge, { tokenHash: hash, gatewayId: account.gatewayId, method: factor.method, codeHash, expiresAt, attempts: 0, usedAt: null });
    return { status: 'second_factor_required', method: factor.method, challenge: token };
  }
}
