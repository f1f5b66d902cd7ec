import { Controller, Get, Logger, Post, Req, Res, UseGuards } from '@nestjs/common';
import { Response } from 'express';
import { cookie } from '@client-gate/pages';
import { DeskPages, DeskRequest } from '../pages/desk-pages';
import { OfficerSignIn } from './officer-sign-in';
import { PENDING_MAX_AGE_MS, PendingSignIns } from './pending-sign-ins';
import { SessionCookies } from './session-cookies';
import { Sessions, SESSION_MAX_AGE_MS } from './sessions';
import { SignedInGuard } from './signed-in.guard';

/**
 * Sign-in and sign-out (R25). Sign-in starts with a link (a form redirected to the provider would need the
 * provider in `form-action`); what the callback must match (PKCE verifier, state, nonce) waits in the
 * database under the id in a cookie of its own, for 10 minutes at most, and is used once whatever the outcome.
 */
@Controller()
export class AuthController {
  private readonly logger = new Logger(AuthController.name);

  constructor(
    private readonly signIn: OfficerSignIn,
    private readonly pendingSignIns: PendingSignIns,
    private readonly sessions: Sessions,
    private readonly cookies: SessionCookies,
    private readonly pages: DeskPages,
  ) {}

  @Get('auth/sign-in')
  async start(@Res() response: Response): Promise<void> {
    const { url, pending } = await this.signIn.start();
    this.cookies.set(response, this.cookies.signIn, await this.pendingSignIns.keep(pending), PENDING_MAX_AGE_MS);
    this.pages.redirect(response, url.href);
  }

  @Get('auth/callback')
  async callback(@Req() request: DeskRequest, @Res() response: Response): Promise<void> {
    let location = '/?failed=1';
    try {
      const pending = await this.pendingSignIns.take(cookie(request, this.cookies.signIn));
      if (!pending) this.logger.warn('sign-in failed: no sign-in was started in this browser (or it took over 10 minutes)');
      else {
        const officer = await this.signIn.finish(new URL(request.originalUrl, this.signIn.redirectUri), pending);
        // A new session id at every sign-in: an id planted before it is worth nothing after.
        const previous = cookie(request, this.cookies.session);
        if (previous) await this.sessions.end(previous);
        const session = await this.sessions.start(officer);
        this.cookies.set(response, this.cookies.session, session.id, SESSION_MAX_AGE_MS);
        location = '/appointments';
      }
    } catch (error) {
      this.logger.warn(`sign-in failed: ${(error as Error).message}`);
    } finally {
      this.cookies.clear(response, this.cookies.signIn);
    }
    this.pages.redirect(response, location);
  }

  /** Ends the desk's session, then the provider's (RP-initiated logout), which sends the browser back to /signed-out. */
  @Post('sign-out')
  @UseGuards(SignedInGuard)
  async signOut(@Req() request: DeskRequest, @Res() response: Response): Promise<void> {
    this.pages.verifyCsrf(request);
    const session = request.session!;
    await this.sessions.end(session.id);
    this.cookies.clear(response, this.cookies.session);
    const providerSignOut = await this.signIn.signOutUrl(session.idToken);
    this.pages.redirect(response, providerSignOut?.href ?? '/signed-out');
  }

  @Get('signed-out')
  signedOut(@Res() response: Response): void {
    this.pages.redirect(response, '/?signed-out=1');
  }
}
