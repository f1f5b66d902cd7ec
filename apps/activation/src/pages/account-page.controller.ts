import { Controller, Get, Next, Param, Post, Req, Res, UseFilters } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { secondFactorMethods } from '@client-gate/contracts';
import { NextFunction, Request, Response } from 'express';
import { ChangePasswordService } from '../account/commands/change-password/change-password.service';
import { ApiError } from '@client-gate/platform';
import { RemoveService } from '../second-factor/commands/remove/remove.service';
import { EndSessionsService } from '../sessions/commands/end-sessions/end-sessions.service';
import { LogoutService } from '../sessions/commands/logout/logout.service';
import { originOf } from '../sessions/request-origin';
import { AuthenticatedClient, Sessions } from '../sessions/sessions.service';
import { ACCOUNT_NOTICES, AccountViews, SensitiveChange } from './account-views';
import { PageClients } from './page-clients';
import { ActivationPageErrorFilter } from './page-error.filter';
import { formFields, typedProof, typedValidityDays } from './page-forms';
import { PageOutcome, PageResponder } from './page-responder';

/**
 * R24, R26 as a page: the client's data, change password, remove the second factor, renew the removal code, the
 * open sessions (sign out one, or all others), the activity, log out. The browser's session is its cookie; the
 * JSON API on the same paths takes a bearer token, and its requests go on to it.
 */
@ApiExcludeController()
@UseFilters(ActivationPageErrorFilter)
@Controller()
export class AccountPageController {
  constructor(
    private readonly pages: PageResponder,
    private readonly clients: PageClients,
    private readonly views: AccountViews,
    private readonly passwords: ChangePasswordService,
    private readonly factors: RemoveService,
    private readonly logouts: LogoutService,
    private readonly sessions: Sessions,
    private readonly endSessions: EndSessionsService,
  ) {}

  /** A browser asks for HTML; the JSON API's callers send a bearer token. */
  @Get('account')
  async show(@Req() request: Request, @Res() response: Response, @Next() next: NextFunction): Promise<void> {
    if (request.headers.authorization || !(request.headers.accept ?? '').includes('text/html')) return next();
    const client = await this.clients.of(request, ['session']);
    if (!client) {
      const { redirect } = await this.clients.elsewhere(request);
      return this.pages.redirect(request, response, redirect);
    }
    const notice = request.query['notice'];
    const state = await this.views.view(client, this.pages.languageOf(request), ACCOUNT_NOTICES.find((name) => name === notice));
    this.pages.show(request, response, 'account', state);
  }

  @Post('account/password')
  async changePassword(@Req() request: Request, @Res() response: Response, @Next() next: NextFunction): Promise<void> {
    await this.accountForm(request, response, next, 'password', async (client, fields) => {
      const { passwordExpiresAt } = await this.passwords.change(
        client,
        { currentPassword: fields.currentPassword, newPassword: fields.newPassword, passwordValidityDays: typedValidityDays(fields.passwordValidityDays) },
        originOf(request),
      );
      return { state: await this.views.view(client, this.pages.languageOf(request), 'passwordChanged', { passwordExpiresAt }) };
    });
  }

  /** R23: a form cannot send DELETE, so the page posts here; the API's `DELETE /account/second-factor` does the same. */
  @Post('account/second-factor/remove')
  async removeFactor(@Req() request: Request, @Res() response: Response, @Next() next: NextFunction): Promise<void> {
    await this.accountForm(request, response, next, 'factor', async (client, fields) => {
      // R27: with several factors the form names one: a kind, or one passkey as `passkey:<id>`.
      const named = formFields(request, ['method']).method;
      const passkeyId = /^passkey:([0-9a-f-]{36})$/.exec(named)?.[1];
      const method = passkeyId ? 'passkey' : secondFactorMethods.find((name) => name === named && name !== 'passkey');
      await this.factors.remove(client, typedProof(request, fields), originOf(request), method, passkeyId);
      // R26: the removal ended every session, this browser's too.
      this.pages.endSession(response);
      return { redirect: '/login' };
    });
  }

  /** R26: a new removal code, shown this once on the account page. */
  @Post('account/removal-code')
  async renewRemovalCode(@Req() request: Request, @Res() response: Response, @Next() next: NextFunction): Promise<void> {
    await this.accountForm(request, response, next, 'removal-code', async (client) => ({ state: await this.views.renewed(request, client) }));
  }

  /** R26: one of the account's sessions signed out (a form cannot send DELETE); this browser's own goes to the login. */
  @Post('account/sessions/:id/end')
  async endSession(@Req() request: Request, @Res() response: Response, @Next() next: NextFunction, @Param('id') id: string): Promise<void> {
    await this.accountForm(request, response, next, null, async (client) => {
      const ownSession = (await this.sessions.list(client)).find((session) => session.current)?.id === id;
      await this.endSessions.endOne(client, id, originOf(request));
      if (!ownSession) return { redirect: '/account?notice=sessionEnded' };
      this.pages.endSession(response);
      return { redirect: '/login' };
    });
  }

  @Post('account/sessions/end-others')
  async endOthers(@Req() request: Request, @Res() response: Response, @Next() next: NextFunction): Promise<void> {
    await this.accountForm(request, response, next, null, async (client) => {
      await this.endSessions.endOthers(client, originOf(request));
      return { redirect: '/account?notice=othersEnded' };
    });
  }

  @Post('logout')
  async logout(@Req() request: Request, @Res() response: Response, @Next() next: NextFunction): Promise<void> {
    await this.pages.handleForm(request, response, next, 'account', async () => {
      const client = await this.clients.of(request, ['session', 'enrolment']);
      if (client) await this.logouts.logout(client, originOf(request));
      this.pages.endSession(response);
      return { redirect: '/login' };
    });
  }

  /**
   * A form of the account page for a browser with a session. A change that needs a recent sign-in (R26) leads
   * to the re-authentication page, which carries on with `change` afterwards.
   */
  private async accountForm(
    request: Request,
    response: Response,
    next: NextFunction,
    change: SensitiveChange | null,
    command: (client: AuthenticatedClient, fields: Record<'currentPassword' | 'newPassword' | 'passwordValidityDays' | 'password' | 'code', string>) => Promise<PageOutcome>,
  ): Promise<void> {
    let signedIn: AuthenticatedClient | null = null;
    await this.pages.handleForm(
      request,
      response,
      next,
      'account',
      async (fields) => {
        const client = await this.clients.of(request, ['session']);
        if (!client) return this.clients.elsewhere(request);
        signedIn = client;
        try {
          return await command(client, fields);
        } catch (error) {
          if (change && error instanceof ApiError && error.errors.some(({ code }) => code === 'REAUTHENTICATION_REQUIRED')) {
            return { redirect: `/account/reauthenticate?then=${change}` };
          }
          throw error;
        }
      },
      async () => (signedIn ? this.views.view(signedIn, this.pages.languageOf(request)) : {}),
    );
  }

}
