import { ArgumentsHost, Catch, ExceptionFilter, HttpException, HttpStatus, Logger } from '@nestjs/common';
import { CsrfRefused } from '@client-gate/pages';
import { Response } from 'express';
import { Sessions } from '../auth/sessions';
import { SessionCookies } from '../auth/session-cookies';
import { SignInRequired } from '../auth/signed-in.guard';
import { StaffApiError, StaffApiUnavailable } from '../staff-api/staff-api';
import { DeskPages, DeskRequest } from './desk-pages';

/**
 * What a page did not turn into a page becomes one: sign in again (no session, or the staff API no longer
 * takes its token), another consulate's or a missing record (404), a refused form (403), an outage (503).
 */
@Catch()
export class DeskErrorFilter implements ExceptionFilter {
  private readonly logger = new Logger(DeskErrorFilter.name);

  constructor(
    private readonly pages: DeskPages,
    private readonly sessions: Sessions,
    private readonly cookies: SessionCookies,
  ) {}

  async catch(exception: unknown, host: ArgumentsHost): Promise<void> {
    const request = host.switchToHttp().getRequest<DeskRequest>();
    const response = host.switchToHttp().getResponse<Response>();
    if (exception instanceof SignInRequired) {
      if (exception.why) this.cookies.clear(response, this.cookies.session);
      return this.pages.redirect(response, exception.why ? `/?ended=${exception.why}` : '/');
    }
    if (exception instanceof StaffApiError && exception.status === 401) {
      if (request.session) await this.sessions.end(request.session.id).catch(() => undefined);
      this.cookies.clear(response, this.cookies.session);
      return this.pages.redirect(response, '/?ended=ended');
    }
    const notFound =
      (exception instanceof StaffApiError && (exception.status === 403 || exception.status === 404)) ||
      (exception instanceof HttpException && exception.getStatus() === HttpStatus.NOT_FOUND);
    if (notFound) return this.notice(request, response, 'notFound', HttpStatus.NOT_FOUND);
    if (exception instanceof CsrfRefused) return this.notice(request, response, 'csrf', HttpStatus.FORBIDDEN);
    if (exception instanceof StaffApiUnavailable) {
      this.logger.warn(exception.message);
      return this.notice(request, response, 'unavailable', HttpStatus.SERVICE_UNAVAILABLE);
    }
    const status = exception instanceof HttpException ? exception.getStatus() : HttpStatus.INTERNAL_SERVER_ERROR;
    if (status >= 500) this.logger.error({ err: exception }, 'page failed');
    this.notice(request, response, 'unexpected', status);
  }

  private notice(request: DeskRequest, response: Response, notice: 'notFound' | 'csrf' | 'unavailable' | 'unexpected', status: number): void {
    const words = this.pages.messages(request).notices[notice];
    this.pages.show(request, response, 'notice', { title: words.title, text: words.text }, status);
  }
}
