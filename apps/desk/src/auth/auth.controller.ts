import { Controller, Get, Logger, Post, Req, Res, UseGuards } from '@nestjs/common';
import { CookieOptions, Response } from 'express';
import { DeskPages, DeskRequest } from '../pages/desk-pages';
import { cookie } from '@client-gate/pages';
import { OfficerSignIn, PendingSignIn } from './officer-sign-in';
import { Sessions, SESSION_MAX_AGE_MS } from './sessions';
import { SESSION_COOKIE, SignedInGuard } from './signed-in.guard';

const PENDING_COOKIE = 'desk_sign_in';
const PENDING_MAX_AGE_MS = 10 * 60 * 1000;

/**
 * Sign-in and sign-out (R25). Sign-in starts with a link (a form redirected to the provider would need the
 * provider in `form-action`); what the callback must match (PKCE verifier, state, nonce) waits in a cookie
 * of its own for 10 minutes at most, SameSite=Lax so that it comes back with the provider's redirect, and is
 * cleared whatever the outcome.
 */
@Controller()
export class AuthController {
  private readonly logger = new Logger(AuthController.name);

  constructor(
    private readonly signIn: OfficerSignIn,
    private readonly sessions: Sessions,
    private readonly pages: DeskPages,
  ) {}

  @Get('auth/sign-in')
  async start(@Res() response: Response): Promise<void> {
    const { url, pending } = await this.signIn.start();
    response.cookie(PENDING_COOKIE, Buffer.from(JSON.stringify(pending)).toString('base64url'), this.cookieOptions('/auth', PENDING_MAX_AGE_MS));
    this.pages.redirect(response, url.href);
  }

  @Get('auth/callback')
  async callback(@Req() request: DeskRequest, @Res() response: Response): Promise<void> {
    let location = '/?failed=1';
    try {
      const pending = readPending(cookie(request, PENDING_COOKIE));
      if (!pending) this.logger.warn('sign-in failed: no sign-in was started in this browser (or it took over 10 minutes)');
      else {
        const officer = await this.signIn.finish(new URL(request.originalUrl, this.signIn.redirectUri), pending);
        // A new session id at every sign-in: an id planted before it is worth nothing after.
        const previous = cookie(request, SESSION_COOKIE);
        if (previous) this.sessions.end(previous);
        const session = this.sessions.start(officer);
        response.cookie(SESSION_COOKIE, session.id, this.cookieOptions('/', SESSION_MAX_AGE_MS));
        location = '/appointments';
      }
    } catch (error) {
      this.logger.warn(`sign-in failed: ${(error as Error).message}`);
    } finally {
      response.clearCookie(PENDING_COOKIE, { path: '/auth' });
    }
    this.pages.redirect(response, location);
  }

  /** Ends the desk's session, then the provider's (RP-initiated logout), which sends the browser back to /signed-out. */
  @Post('sign-out')
  @UseGuards(SignedInGuard)
  async signOut(@Req() request: DeskRequest, @Res() response: Response): Promise<void> {
    this.pages.verifyCsrf(request);
    const session = request.session!;
    this.sessions.end(session.id);
    response.clearCookie(SESSION_COOKIE, { path: '/' });
    const providerSignOut = await this.signIn.signOutUrl(session.idToken);
    this.pages.redirect(response, providerSignOut?.href ?? '/signed-out');
  }

  @Get('signed-out')
  signedOut(@Res() response: Response): void {
    this.pages.redirect(response, '/?signed-out=1');
  }

  private cookieOptions(path: string, maxAge: number): CookieOptions {
    return { httpOnly: true, sameSite: 'lax', secure: this.pages.secureCookies, path, maxAge };
  }
}

function readPending(value: string | undefined): PendingSignIn | undefined {
  if (!value) return undefined;
  try {
    const pending = JSON.parse(Buffer.from(value, 'base64url').toString('utf8')) as Partial<PendingSignIn>;
    const ok = [pending.verifier, pending.state, pending.nonce].every((part) => typeof part === 'string' && part.length > 0);
    return ok ? (pending as PendingSignIn) : undefined;
  } catch {
    return undefined;
  }
}
