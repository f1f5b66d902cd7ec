import { Controller, Get, Next, Post, Req, Res, UseFilters } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { NextFunction, Request, Response } from 'express';
import { ReauthenticateService } from '../account/commands/reauthenticate/reauthenticate.service';
import { ShowAccountService } from '../account/queries/show-account/show-account.service';
import { EnrolService } from '../second-factor/commands/enrol/enrol.service';
import { originOf } from '../sessions/request-origin';
import { AuthenticatedClient } from '../sessions/sessions.service';
import { AccountViews, SensitiveChange } from './account-views';
import { MESSAGES } from './messages';
import { PageClients } from './page-clients';
import { ActivationPageErrorFilter } from './page-error.filter';
import { formFields, typedProof } from './page-forms';
import { FormState } from './page-renderer';
import { PageOutcome, PageResponder } from './page-responder';

const CHANGES: SensitiveChange[] = ['password', 'factor', 'removal-code'];

/**
 * R26 as a page: the password and a current code again, then on with what the client was doing: a new removal
 * code is made and shown at once; for a password change or a removal, the account page's form is open again.
 * `POST /account/reauthenticate` is the JSON API's too: other requests go on to it.
 */
@ApiExcludeController()
@UseFilters(ActivationPageErrorFilter)
@Controller('account/reauthenticate')
export class ReauthenticatePageController {
  constructor(
    private readonly pages: PageResponder,
    private readonly clients: PageClients,
    private readonly reauthentications: ReauthenticateService,
    private readonly accounts: ShowAccountService,
    private readonly enrolments: EnrolService,
    private readonly accountViews: AccountViews,
  ) {}

  @Get()
  async show(@Req() request: Request, @Res() response: Response): Promise<void> {
    const client = await this.clients.of(request, ['session']);
    if (!client) return this.pages.redirect(request, response, '/login');
    this.pages.show(request, response, 'reauthenticate', await this.view(client, changeOf(request.query['then'])));
  }

  @Post()
  async submit(@Req() request: Request, @Res() response: Response, @Next() next: NextFunction): Promise<void> {
    await this.form(request, response, next, async (client, change, fields) => {
      const recent = await this.reauthentications.reauthenticate(client, typedProof(request, fields), originOf(request));
      if (change === 'removal-code') return { page: 'account', state: await this.accountViews.renewed(request, recent) };
      return { redirect: '/account?notice=reauthenticated' };
    });
  }

  /** The email factor: a code for the re-authentication (the one its removal takes too). */
  @Post('code')
  async sendCode(@Req() request: Request, @Res() response: Response, @Next() next: NextFunction): Promise<void> {
    await this.form(request, response, next, async (client, change) => {
      await this.enrolments.startEmail(client);
      const state = await this.view(client, change);
      return { state: { view: { ...state.view, notice: MESSAGES[this.pages.languageOf(request)].account.codeSent } } };
    });
  }

  private async form(
    request: Request,
    response: Response,
    next: NextFunction,
    command: (client: AuthenticatedClient, change: SensitiveChange | null, fields: { password: string; code: string }) => Promise<PageOutcome>,
  ): Promise<void> {
    const change = changeOf(formFields(request, ['then']).then);
    let signedIn: AuthenticatedClient | null = null;
    await this.pages.handleForm(
      request,
      response,
      next,
      'reauthenticate',
      async (fields) => {
        const client = await this.clients.of(request, ['session']);
        if (!client) return { redirect: '/login' };
        signedIn = client;
        return command(client, change, fields);
      },
      async () => (signedIn ? this.view(signedIn, change) : {}),
    );
  }

  private async view(client: AuthenticatedClient, change: SensitiveChange | null): Promise<FormState> {
    const account = await this.accounts.show(client.gatewayId);
    return {
      view: {
        then: change ?? '',
        emailFactor: account.secondFactors.some(({ method }) => method === 'email'),
        notice: null,
        proofOptions: await this.accountViews.proofOptions(client, account),
      },
    };
  }
}

function changeOf(value: unknown): SensitiveChange | null {
  return CHANGES.find((change) => change === value) ?? null;
}
