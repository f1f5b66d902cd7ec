import { Controller, Get, Next, Post, Req, Res, UseFilters } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { secondFactorMethods } from '@client-gate/contracts';
import { NextFunction, Request, Response } from 'express';
import { LoginService } from '../credentials/commands/login/login.service';
import { CompleteLoginService } from '../second-factor/commands/complete-login/complete-login.service';
import { KnownBrowsers } from '../sessions/known-browsers.service';
import { INVALID_FACTOR_CODE } from '../second-factor/commands/complete-login/complete-login.service';
import { PageClients, secondStepView } from './page-clients';
import { ActivationPageErrorFilter } from './page-error.filter';
import { formFields, parsedJson } from './page-forms';
import { PageOutcome, PageResponder } from './page-responder';
import { Assertion, assertionSchema } from '../second-factor/passkeys/webauthn';

/**
 * R14, R22 as pages: the password, then the second factor (or its enrolment), then the account (R24).
 * `POST /login` and `POST /login/second-factor` are also the JSON API's: the pages handle form posts and
 * hand every other request on to it.
 */
@ApiExcludeController()
@UseFilters(ActivationPageErrorFilter)
@Controller('login')
export class LoginPageController {
  constructor(
    private readonly pages: PageResponder,
    private readonly clients: PageClients,
    private readonly logins: LoginService,
    private readonly secondSteps: CompleteLoginService,
    private readonly browsers: KnownBrowsers,
  ) {}

  @Get()
  show(@Req() request: Request, @Res() response: Response): void {
    this.pages.show(request, response, 'login');
  }

  @Post()
  async submit(@Req() request: Request, @Res() response: Response, @Next() next: NextFunction): Promise<void> {
    await this.pages.handleForm(request, response, next, 'login', async (fields) =>
      this.clients.afterLogin(response, await this.logins.login(fields, this.browsers.originFor(request, response))),
    );
  }

  /** The code, a passkey's assertion (R27, from passkeys.js), or (in the last form) the removal code that stands in for a lost factor (R23). */
  @Post('second-factor')
  async secondFactor(@Req() request: Request, @Res() response: Response, @Next() next: NextFunction): Promise<void> {
    await this.secondStepForm(request, response, next, async ({ challenge, method }, { code, removalCode }) => {
      const step = removalCode.trim() ? { challenge, removalCode } : method === 'passkey' ? { challenge, assertion: this.assertion(request) } : { challenge, code };
      return this.clients.afterLogin(response, await this.secondSteps.complete(step, this.browsers.originFor(request, response)));
    });
  }

  /** R27: the second step with another of the account's factors (choosing email sends its code). */
  @Post('second-factor/options')
  async otherFactor(@Req() request: Request, @Res() response: Response, @Next() next: NextFunction): Promise<void> {
    await this.secondStepForm(request, response, next, async ({ challenge, method, methods }) => {
      const chosen = secondFactorMethods.find((name) => name === method);
      if (!chosen) throw INVALID_FACTOR_CODE();
      return { state: await this.clients.secondStep(challenge, chosen, methods) };
    });
  }

  /** A form of the second step's page; the challenge and the factors travel in hidden fields, and after an error it is shown again. */
  private async secondStepForm(
    request: Request,
    response: Response,
    next: NextFunction,
    command: (step: { challenge: string; method: string; methods: string[] }, fields: { code: string; removalCode: string }) => Promise<PageOutcome>,
  ): Promise<void> {
    const { challenge, method, methods } = formFields(request, ['challenge', 'method', 'methods']);
    const step = { challenge, method, methods: methods.split(',') };
    await this.pages.handleForm(request, response, next, 'login-second-factor', (fields) => command(step, fields), async () =>
      // R27: a passkey's form again with a new WebAuthn challenge (each is good once), while the login's lasts.
      this.clients.secondStepPage(challenge, method, step.methods).catch(() => secondStepView(challenge, method, step.methods)),
    );
  }

  /** The assertion passkeys.js put in the hidden field; one that is missing or malformed is a wrong code. */
  private assertion(request: Request): Assertion {
    const parsed = assertionSchema.safeParse(parsedJson(formFields(request, ['assertion']).assertion));
    if (!parsed.success) throw INVALID_FACTOR_CODE();
    return parsed.data;
  }
}
