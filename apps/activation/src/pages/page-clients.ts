import { Injectable } from '@nestjs/common';
import { Request, Response } from 'express';
import { LoginAnswer } from '../second-factor/login-outcomes.service';
import { SessionKind } from '../sessions/client-session.entity';
import { AuthenticatedClient, Sessions } from '../sessions/sessions.service';
import { PageOutcome, PageResponder } from './page-responder';

/** The pages' side of R22–R24: the browser's session cookie, and where each login answer leads. */
@Injectable()
export class PageClients {
  constructor(
    private readonly sessions: Sessions,
    private readonly pages: PageResponder,
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
  afterLogin(response: Response, answer: LoginAnswer): PageOutcome {
    if (answer.status === 'second_factor_required') {
      return { page: 'login-second-factor', state: { view: { challenge: answer.challenge, method: answer.method } } };
    }
    const signedIn = answer.status === 'signed_in';
    this.pages.startSession(response, signedIn ? answer.sessionToken : answer.enrolmentToken, { rotateCsrf: true });
    return { redirect: signedIn ? '/account' : '/account/second-factor' };
  }
}
