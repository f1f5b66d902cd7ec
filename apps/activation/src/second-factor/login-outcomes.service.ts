import { Inject, Injectable } from '@nestjs/common';
import { SecondFactorMethod } from '@client-gate/contracts';
import { Clock, EventPublisher, UnitOfWork } from '@client-gate/platform';
import { EntityManager } from 'typeorm';
import { Account } from '../account/account.entity';
import { NewSignInNotices } from '../sessions/new-sign-in-notices.service';
import { ActivityLog } from '../activity/activity-log.service';
import { ACTIVATION_ENV, ActivationEnv } from '../config';
import { AttemptThrottle } from '../credentials/throttling/attempt-throttle.service';
import { KnownBrowsers } from '../sessions/known-browsers.service';
import { RequestOrigin } from '../sessions/request-origin';
import { Sessions } from '../sessions/sessions.service';
import { EMAIL_CODE_VALIDITY_MINUTES, minutesAfter, newToken } from './domain/factor-codes';
import { FactorSecrets } from './factor-secrets.service';
import { enrolledFactors } from './enrolled-factors';
import { LoginChallenge, SecondFactor } from './second-factor.entity';

/** R22: a login challenge lives as long as the emailed code it may carry, 10 minutes. */
export const CHALLENGE_MINUTES = EMAIL_CODE_VALIDITY_MINUTES;

/** A sign-in's origin, with the browser's token (KnownBrowsers.originFor). */
export type SignInOrigin = RequestOrigin & { browserToken: string };

export type LoginAnswer =
  | { status: 'signed_in'; gatewayId: string; passwordExpiresAt: string; sessionToken: string }
  | { status: 'second_factor_required'; method: SecondFactorMethod; methods?: SecondFactorMethod[]; challenge: string }
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
    private readonly throttle: AttemptThrottle,
    private readonly activity: ActivityLog,
    private readonly browsers: KnownBrowsers,
    private readonly newSignIns: NewSignInNotices,
  ) {}

  afterPassword(account: Account, origin: SignInOrigin): Promise<LoginAnswer> {
    return this.unitOfWork.run(async (manager) => {
      const factors = await enrolledFactors(manager, account.gatewayId);
      if (factors.length > 0) return this.challenge(manager, account, factors);
      return this.withoutFactor(manager, account, origin);
    });
  }

  /** No factor (never enrolled, or just removed with the removal code): enrol first when factors are required. */
  async withoutFactor(manager: EntityManager, account: Account, origin: SignInOrigin): Promise<LoginAnswer> {
    if (this.env.SECOND_FACTOR === 'required') {
      return { status: 'enrolment_required', enrolmentToken: await this.sessions.start(manager, account.gatewayId, 'enrolment', origin.userAgent) };
    }
    return this.signedIn(manager, account, origin);
  }

  /**
   * A complete sign-in (R26), in its transaction: the account's failed attempts are cleared, the session starts,
   * the activity records it, and a browser the account had not used gets a `new-sign-in` email.
   */
  async signedIn(manager: EntityManager, account: Account, origin: SignInOrigin): Promise<LoginAnswer & { status: 'signed_in' }> {
    if (account.usernameKey) await this.throttle.forgetAccount(manager, account.usernameKey);
    const sessionToken = await this.sessions.start(manager, account.gatewayId, 'session', origin.userAgent);
    await this.activity.record(manager, account.gatewayId, 'signed-in', origin);
    if (await this.browsers.isNew(manager, account.gatewayId, origin.browserToken)) await this.newSignIns.send(manager, account, origin);
    await this.events.audit(manager, { actor: 'client', action: 'client.signed-in', subject: account.gatewayId });
    return { status: 'signed_in', gatewayId: account.gatewayId, passwordExpiresAt: account.passwordExpiresAt!.toISOString(), sessionToken };
  }

  /**
   * A factor is due: a challenge for the one last used (R27), and for the email factor a code bound to it. With
   * several factors the answer names them all; POST /login/second-factor/options switches to another.
   */
  private async challenge(manager: EntityManager, account: Account, factors: SecondFactor[]): Promise<LoginAnswer> {
    const { token, hash } = newToken();
    const { method } = factors[0];
    const expiresAt = minutesAfter(this.clock.now(), CHALLENGE_MINUTES);
    const codeHash = method === 'email' ? await this.secrets.sendEmailCode(manager, account, hash, expiresAt) : null;
    await manager.insert(LoginChallenge, { tokenHash: hash, gatewayId: account.gatewayId, method, codeHash, webauthnChallenge: null, expiresAt, attempts: 0, usedAt: null });
    // R27: each kind once, however many passkeys; a passkey's options come from POST /login/second-factor/options.
    const methods = [...new Set(factors.map((factor) => factor.method))];
    return { status: 'second_factor_required', method, ...(methods.length > 1 && { methods }), challenge: token };
  }
}
