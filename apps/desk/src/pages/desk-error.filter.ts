import { Catch, HttpException, HttpStatus } from '@nestjs/common';
import { PageErrorFilter, PageNotice } from '@client-gate/pages';
import { Response } from 'express';
import { Sessions } from '../auth/sessions';
import { SessionCookies } from '../auth/session-cookies';
import { SignInRequired } from '../auth/signed-in.guard';
import { StaffApiError, StaffApiUnavailable } from '../staff-api/staff-api';
import { DeskPages, DeskRequest } from './desk-pages';

/**
 * The desk's failures as pages: sign in again (no session, or the staff API no longer takes its token), another
 * consulate's or a missing record (404), and as every app's pages a refused form (403), an outage (503), a fault.
 */
@Catch()
export class DeskErrorFilter extends PageErrorFilter<DeskRequest> {
  constructor(
    private readonly pages: DeskPages,
    private readonly sessions: Sessions,
    private readonly cookies: SessionCookies,
  ) {
    super();
  }

  protected override async answer(exception: unknown, request: DeskRequest, response: Response): Promise<boolean> {
    if (exception instanceof SignInRequired) {
      if (exception.why) this.cookies.clear(response, this.cookies.session);
      this.pages.redirect(response, exception.why ? `/?ended=${exception.why}` : '/');
      return true;
    }
    if (exception instanceof StaffApiError && exception.status === 401) {
      if (request.session) await this.sessions.end(request.session.id).catch(() => undefined);
      this.cookies.clear(response, this.cookies.session);
      this.pages.redirect(response, '/?ended=ended');
      return true;
    }
    const notFound =
      (exception instanceof StaffApiError && (exception.status === 403 || exception.status === 404)) ||
      (exception instanceof HttpException && exception.getStatus() === HttpStatus.NOT_FOUND);
    if (notFound) this.showNotice(request, response, 'notFound', HttpStatus.NOT_FOUND);
    return notFound;
  }

  protected isOutage(exception: unknown): boolean {
    return exception instanceof StaffApiUnavailable;
  }

  protected showNotice(request: DeskRequest, response: Response, notice: PageNotice | 'notFound', status: number): void {
    const words = this.pages.messages(request).notices[notice];
    this.pages.show(request, response, 'notice', { title: words.title, text: words.text }, status);
  }
}
