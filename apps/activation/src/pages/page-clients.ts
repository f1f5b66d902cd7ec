import { Injectable } from '@nestjs/common';
import { SecondFactorMethod, secondFactorMethods } from '@client-gate/contracts';
import { ChooseMethodService } from '../second-factor/commands/choose-method/choose-method.service';
import { Request, Response } from 'express';
import { LoginAnswer } from '../second-factor/login-outcomes.service';
import { SessionKind } from '../sessions/client-session.entity';
import { AuthenticatedClient, Sessions } from '../sessions/sessions.service';
import { FormState } from './page-renderer';
import { PageOutcome, PageResponder } from './page-responder';

/**
 * The login's second step as a page (R22, R27): the challenge, the factor it is for, and the account's other
 * factors to switch to (`methods` travels in the forms, so that the page can be shown again after an error).
 */
export function secondStepView(challenge: string, method: string, methods: string[], passkeyOptions?: unknown): FormState {
  const known = methods.filter((name) => (secondFactorMethods as readonly string[]).includes(name));
  return {
    view: {
      challenge,
      method,
      methods: known.join(','),
      others: known.filter((name) => name !== method),
      // R27: a passkey's request options, for passkeys.js.
      passkeyOptions: passkeyOptions ? JSON.stringify(passkeyOptions) : null,
    },
  };
}

/** The pages' side of R22–R24: the browser's session cookie, and where each login answer leads. */
@Injectable()
export class PageClients {
  constructor(
    private readonly sessions: Sessions,
    private readonly pages: PageResponder,
    private readonly methods: ChooseMethodService,
  ) {}

  /** The client behind this browser's cookie when its kind is one of `kinds`; null otherwise. */
  async of(request: Request, kinds: SessionKind[]): Promise<AuthenticatedClient | null> {
    const token = this.pages.sessionToken(request);
    const client = token ? await this.sessions.authenticate(token) : null;
    return client && kinds.includes(client.kind) ? client : null;
  }

  /** Where a browser without the right session goes: to enrol (with an enrolment token), else to log in. */
  async elsewhere(request: Request): Promise<{ redirect: string }> {
    const enrolling = await this.of(request, ['enrolment']);
    return { redirect: enrolling ? '/account/second-factor' : '/login' };
  }

  /** A login's answer as a page: the second step, or a new session (or enrolment token) and the page it opens. */
  async afterLogin(response: Response, answer: LoginAnswer): Promise<PageOutcome> {
    if (answer.status === 'second_factor_required') {
      return { page: 'login-second-factor', state: await this.secondStepPage(answer.challenge, answer.method, answer.methods ?? [answer.method]) };
    }
    const signedIn = answer.status === 'signed_in';
    this.pages.startSession(response, signedIn ? answer.sessionToken : answer.enrolmentToken, { rotateCsrf: true });
    return { redirect: signedIn ? '/account' : '/account/second-factor' };
  }

  /**
   * The second step's page for the method the challenge already has: only a passkey needs a new WebAuthn challenge
   * (R27); a code's page needs no query.
   */
  secondStepPage(challenge: string, method: string, methods: string[]): Promise<FormState> {
    return method === 'passkey' ? this.secondStep(challenge, method, methods) : Promise.resolve(secondStepView(challenge, method, methods));
  }

  /** The second step's page for `method`, chosen now: for a passkey (R27), with request options for a new WebAuthn challenge. */
  async secondStep(challenge: string, method: SecondFactorMethod, methods: string[]): Promise<FormState> {
    const { publicKey } = await this.methods.choose(challenge, method);
    return secondStepView(challenge, method, methods, publicKey);
  }
}
