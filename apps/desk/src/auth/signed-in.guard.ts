import { CanActivate, ExecutionContext, Injectable, Logger } from '@nestjs/common';
import { cookie } from '@client-gate/pages';
import { DeskRequest } from '../pages/desk-pages';
import { OfficerSignIn, RenewalRefused } from './officer-sign-in';
import { SessionCookies } from './session-cookies';
import { Session, Sessions } from './sessions';
import { renewalDue } from './token-lifetime';

/** Why a session is over, as the sign-in page tells it (`/?ended=…`). */
export type SessionEnd = 'ended' | 'renewal-refused' | 'provider-unreachable';

/** The officer is not (or no longer) signed in: the filter sends the browser to the sign-in page, saying why. */
export class SignInRequired extends Error {
  constructor(readonly why: SessionEnd | null) {
    super('sign-in required');
  }
}

/**
 * Pages for signed-in officers only: the session is found by its cookie and its idle time reset, and its
 * access token renewed before it expires (R25). When the provider refuses to renew it, the session ends.
 */
@Injectable()
export class SignedInGuard implements CanActivate {
  private readonly logger = new Logger(SignedInGuard.name);

  constructor(
    private readonly sessions: Sessions,
    private readonly signIn: OfficerSignIn,
    private readonly cookies: SessionCookies,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest<DeskRequest>();
    const id = cookie(request, this.cookies.session);
    let session = await this.sessions.touch(id);
    if (!session) throw new SignInRequired(id === undefined ? null : 'ended');
    if (renewalDue(session, Date.now())) session = await this.renew(session);
    request.session = session;
    return true;
  }

  private async renew(session: Session): Promise<Session> {
    let why: SessionEnd = 'ended';
    const renewed = await this.sessions.renewTokens(
      session,
      (current) => renewalDue(current, Date.now()),
      async (current) => {
        try {
          return await this.signIn.renew(current);
        } catch (error) {
          if (error instanceof RenewalRefused) {
            this.logger.warn(`session of ${current.officer} ended: ${error.message}`);
            why = 'renewal-refused';
            return null;
          }
          // The provider could not be asked: the current token serves while it lasts, and the next request asks again.
          this.logger.warn(`could not renew the tokens of ${current.officer}: ${(error as Error).message}`);
          if (Date.now() < current.accessTokenExpiresAt) return current;
          why = 'provider-unreachable';
          return null;
        }
      },
    );
    if (!renewed) throw new SignInRequired(why);
    return renewed;
  }
}
