import { Controller, Get, Next, Post, Req, Res, UseFilters } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { SecondFactorMethod } from '@client-gate/contracts';
import { NextFunction, Request, Response } from 'express';
import { toString as qrSvg } from 'qrcode';
import { ShowAccountService } from '../account/queries/show-account/show-account.service';
import { EnrolService } from '../second-factor/commands/enrol/enrol.service';
import { registerPasskeySchema } from '../second-factor/commands/enrol-passkey/enrol-passkey.dto';
import { EnrolPasskeyService, INVALID_PASSKEY } from '../second-factor/commands/enrol-passkey/enrol-passkey.service';
import { groupedSecret } from '../second-factor/domain/totp';
import { KnownBrowsers } from '../sessions/known-browsers.service';
import { AuthenticatedClient } from '../sessions/sessions.service';
import { PageClients } from './page-clients';
import { ActivationPageErrorFilter } from './page-error.filter';
import { formFields, parsedJson } from './page-forms';
import { FormState } from './page-renderer';
import { PageOutcome, PageResponder } from './page-responder';

/**
 * R22, R23, R27 as pages: choose a factor, set it up (the authenticator app from a QR code drawn on the server as
 * SVG, no script; a code by email; a passkey, the one step that needs script), confirm it, and see the removal
 * code once. The same paths take
 * the JSON API's requests, which go on to it.
 */
@ApiExcludeController()
@UseFilters(ActivationPageErrorFilter)
@Controller('account/second-factor')
export class SecondFactorPageController {
  constructor(
    private readonly pages: PageResponder,
    private readonly clients: PageClients,
    private readonly enrolments: EnrolService,
    private readonly accounts: ShowAccountService,
    private readonly browsers: KnownBrowsers,
    private readonly passkeys: EnrolPasskeyService,
  ) {}

  @Get()
  async show(@Req() request: Request, @Res() response: Response): Promise<void> {
    const client = await this.clients.of(request, ['enrolment', 'session']);
    if (!client) return this.pages.redirect(request, response, '/login');
    this.pages.show(request, response, 'second-factor');
  }

  @Post('totp')
  async startTotp(@Req() request: Request, @Res() response: Response, @Next() next: NextFunction): Promise<void> {
    await this.enrolling(request, response, next, async (client) => ({ state: await this.totpStep(await this.enrolments.startTotp(client)) }));
  }

  @Post('totp/confirm')
  async confirmTotp(@Req() request: Request, @Res() response: Response, @Next() next: NextFunction): Promise<void> {
    await this.confirm(request, response, next, 'totp');
  }

  /** To enrol the email factor; with the email factor enrolled, the code that its removal needs (the account page). */
  @Post('email')
  async startEmail(@Req() request: Request, @Res() response: Response, @Next() next: NextFunction): Promise<void> {
    await this.enrolling(request, response, next, async (client) => {
      await this.enrolments.startEmail(client);
      const account = await this.accounts.show(client.gatewayId);
      // With the email factor enrolled, the code is for a removal (R27: whichever factor is used most).
      if (account.secondFactors.some(({ method }) => method === 'email')) return { redirect: '/account', notice: 'codeSent' };
      return { state: { view: { step: 'email', email: account.email } } };
    });
  }

  @Post('email/confirm')
  async confirmEmail(@Req() request: Request, @Res() response: Response, @Next() next: NextFunction): Promise<void> {
    await this.confirm(request, response, next, 'email');
  }

  /** R27: the passkey's step: a name, and the button whose script (passkeys.js) creates it with these options. */
  @Post('passkey/options')
  async startPasskey(@Req() request: Request, @Res() response: Response, @Next() next: NextFunction): Promise<void> {
    await this.enrolling(request, response, next, async (client) => ({ state: await this.passkeyStep(client) }));
  }

  /** R27: the credential the script put in the hidden field; without script it is empty and refused (PASSKEY_INVALID). */
  @Post('passkey')
  async registerPasskey(@Req() request: Request, @Res() response: Response, @Next() next: NextFunction): Promise<void> {
    await this.enrolling(
      request,
      response,
      next,
      async (client, { name }) => {
        const dto = registerPasskeySchema.safeParse({ credential: parsedJson(formFields(request, ['credential']).credential), ...(name.trim() && { name }) });
        if (!dto.success) throw INVALID_PASSKEY();
        return this.done(response, await this.passkeys.register(client, dto.data, this.browsers.originFor(request, response)));
      },
      // After a refusal, a new ceremony (the last one's challenge is used up); at 5 passkeys, the choices.
      async (client) => (client ? this.passkeyStep(client).catch(() => ({})) : {}),
    );
  }

  private async passkeyStep(client: AuthenticatedClient): Promise<FormState> {
    return { view: { step: 'passkey', passkeyOptions: JSON.stringify(await this.passkeys.options(client)) } };
  }

  private async confirm(request: Request, response: Response, next: NextFunction, method: SecondFactorMethod): Promise<void> {
    await this.enrolling(
      request,
      response,
      next,
      async (client, { code }) => this.done(response, await this.enrolments.confirm(client, method, code, this.browsers.originFor(request, response))),
      async (client) => {
        if (!client) return {};
        if (method === 'email') return { view: { step: 'email', email: (await this.accounts.show(client.gatewayId)).email } };
        const pending = await this.enrolments.pendingTotp(client);
        return pending ? this.totpStep(pending) : {};
      },
    );
  }

  /** A form of these pages, for a browser with a session or an enrolment token (else it is sent to log in). */
  private async enrolling(
    request: Request,
    response: Response,
    next: NextFunction,
    command: (client: AuthenticatedClient, fields: { code: string; name: string }) => Promise<PageOutcome | { redirect: string; notice: string }>,
    onError?: (client: AuthenticatedClient | null) => Promise<FormState>,
  ): Promise<void> {
    let client: AuthenticatedClient | null = null;
    await this.pages.handleForm(
      request,
      response,
      next,
      'second-factor',
      async (fields) => {
        client = await this.clients.of(request, ['enrolment', 'session']);
        if (!client) return { redirect: '/login' };
        const outcome = await command(client, fields);
        if ('notice' in outcome) return { redirect: `${outcome.redirect}?notice=${outcome.notice}` };
        return outcome;
      },
      onError && (() => onError(client)),
    );
  }

  /** A factor enrolled: its removal code shown once; an enrolment token that became a session (R22) is kept instead. */
  private done(response: Response, { removalCode, sessionToken }: { removalCode?: string | null; sessionToken?: string }): PageOutcome {
    if (sessionToken) this.pages.startSession(response, sessionToken, { rotateCsrf: false });
    return { state: { view: { step: 'done', removalCode: removalCode ?? null } } };
  }

  private async totpStep({ secret, otpauthUri }: { secret: string; otpauthUri: string }): Promise<FormState> {
    const svg = await qrSvg(otpauthUri, { type: 'svg', margin: 2, errorCorrectionLevel: 'M' });
    return { view: { step: 'totp', qrSvg: svg, groupedSecret: groupedSecret(secret) } };
  }
}
