import { Controller, Get, Next, Post, Req, Res, UseFilters } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { Locale } from '@client-gate/contracts';
import { NextFunction, Request, Response } from 'express';
import { ChangePasswordService } from '../account/commands/change-password/change-password.service';
import { ShowAccountService } from '../account/queries/show-account/show-account.service';
import { RemoveService } from '../second-factor/commands/remove/remove.service';
import { LogoutService } from '../sessions/commands/logout/logout.service';
import { originOf } from '../sessions/request-origin';
import { AuthenticatedClient } from '../sessions/sessions.service';
import { MESSAGES } from './messages';
import { PageClients } from './page-clients';
import { PageErrorFilter } from './page-error.filter';
import { typedValidityDays } from './page-forms';
import { dateTime, FormState } from './page-renderer';
import { PageOutcome, PageResponder } from './page-responder';

type AccountNotice = 'passwordChanged' | 'factorRemoved' | 'codeSent';

/**
 * R24 as a page: the client's data, change password, remove the second factor, log out. The browser's session
 * is its cookie; the JSON API on the same paths takes a bearer token, and its requests go on to it.
 */
@ApiExcludeController()
@UseFilters(PageErrorFilter)
@Controller()
export class AccountPageController {
  constructor(
    private readonly pages: PageResponder,
    private readonly clients: PageClients,
    private readonly accounts: ShowAccountService,
    private readonly passwords: ChangePasswordService,
    private readonly factors: RemoveService,
    private readonly logouts: LogoutService,
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
    const known: AccountNotice[] = ['passwordChanged', 'factorRemoved', 'codeSent'];
    const state = await this.view(client.gatewayId, this.pages.languageOf(request), known.find((name) => name === notice));
    this.pages.show(request, response, 'account', state);
  }

  @Post('account/password')
  async changePassword(@Req() request: Request, @Res() response: Response, @Next() next: NextFunction): Promise<void> {
    await this.accountForm(request, response, next, async (client, fields) => {
      const { passwordExpiresAt } = await this.passwords.change(
        client,
        { currentPassword: fields.currentPassword, newPassword: fields.newPassword, passwordValidityDays: typedValidityDays(fields.passwordValidityDays) },
        originOf(request),
      );
      return { state: await this.view(client.gatewayId, this.pages.languageOf(request), 'passwordChanged', passwordExpiresAt) };
    });
  }

  /** R23: a form cannot send DELETE, so the page posts here; the API's `DELETE /account/second-factor` does the same. */
  @Post('account/second-factor/remove')
  async removeFactor(@Req() request: Request, @Res() response: Response, @Next() next: NextFunction): Promise<void> {
    await this.accountForm(request, response, next, async (client, fields) => {
      await this.factors.remove(client, { password: fields.password, code: fields.code }, originOf(request));
      // R26: the removal ended every session, this browser's too.
      this.pages.endSession(response);
      return { redirect: '/login' };
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

  private async accountForm(
    request: Request,
    response: Response,
    next: NextFunction,
    command: (client: AuthenticatedClient, fields: Record<'currentPassword' | 'newPassword' | 'passwordValidityDays' | 'password' | 'code', string>) => Promise<PageOutcome>,
  ): Promise<void> {
    let gatewayId: string | null = null;
    await this.pages.handleForm(
      request,
      response,
      next,
      'account',
      async (fields) => {
        const client = await this.clients.of(request, ['session']);
        if (!client) return this.clients.elsewhere(request);
        gatewayId = client.gatewayId;
        return command(client, fields);
      },
      async () => (gatewayId ? this.view(gatewayId, this.pages.languageOf(request)) : {}),
    );
  }

  private async view(gatewayId: string, lang: Locale, notice?: AccountNotice, passwordExpiresAt?: string): Promise<FormState> {
    const account = await this.accounts.show(gatewayId);
    const t = MESSAGES[lang].account;
    const noticeText = notice && t[notice].replace('{expiresAt}', dateTime(passwordExpiresAt ?? account.passwordExpiresAt!, lang));
    return { view: { account, factorName: t.factorNames[account.secondFactor ?? 'none'], notice: noticeText } };
  }
}
