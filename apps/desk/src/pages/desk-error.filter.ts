import { ArgumentsHost, Catch, ExceptionFilter, HttpException, HttpStatus, Logger } from '@nestjs/common';
import { CsrfRefused } from '@client-gate/pages';
import { Response } from 'express';
import { Sessions } from '../auth/sessions';
import { SESSION_COOKIE, SignInRequired } from '../auth/signed-in.guard';
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
  ) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    const request = host.switchToHttp().getRequest<DeskRequest>();
    const response = host.switchToHttp().getResponse<Response>();
    if (exception instanceof SignInRequired) return this.pages.redirect(response, exception.hadSession ? '/?ended=1' : '/');
    if (exception instanceof StaffApiError && exception.status === 401) {
      if (request.session) this.sessions.end(request.session.id);
      response.clearCookie(SESSION_COOKIE, { path: '/' });
      return this.pages.redirect(response, '/?ended=1');
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
