import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { cookie } from '@client-gate/pages';
import { DeskRequest } from '../pages/desk-pages';
import { Sessions } from './sessions';

export const SESSION_COOKIE = 'desk_session';

/** The officer is not (or no longer) signed in: the filter sends the browser to the sign-in page. */
export class SignInRequired extends Error {
  constructor(readonly hadSession: boolean) {
    super('sign-in required');
  }
}

/** Pages for signed-in officers only: the session is found by its cookie and its idle time reset. */
@Injectable()
export class SignedInGuard implements CanActivate {
  constructor(private readonly sessions: Sessions) {}

  canActivate(context: ExecutionContext): boolean {
    const request = context.switchToHttp().getRequest<DeskRequest>();
    const id = cookie(request, SESSION_COOKIE);
    const session = this.sessions.touch(id);
    if (!session) throw new SignInRequired(id !== undefined);
    request.session = session;
    return true;
  }
}
