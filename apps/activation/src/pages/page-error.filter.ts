import { ArgumentsHost, Catch, ExceptionFilter, HttpException, HttpStatus, Logger } from '@nestjs/common';
import { CsrfRefused } from '@client-gate/pages';
import { isDatabaseOutage } from '@client-gate/platform';
import { Request, Response } from 'express';
import { PageResponder } from './page-responder';

/** What the pages' handlers did not turn into a page becomes one: a refused CSRF token (403), an outage (503), a fault (500). */
@Catch()
export class PageErrorFilter implements ExceptionFilter {
  private readonly logger = new Logger(PageErrorFilter.name);

  constructor(private readonly pages: PageResponder) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    const request = host.switchToHttp().getRequest<Request>();
    const response = host.switchToHttp().getResponse<Response>();
    if (exception instanceof CsrfRefused) return this.pages.showNotice(request, response, 'csrf', exception.getStatus());
    if (isDatabaseOutage(exception)) return this.pages.showNotice(request, response, 'unavailable', HttpStatus.SERVICE_UNAVAILABLE);
    const status = exception instanceof HttpException ? exception.getStatus() : HttpStatus.INTERNAL_SERVER_ERROR;
    if (status >= 500) this.logger.error({ err: exception }, 'page failed');
    this.pages.showNotice(request, response, 'unexpected', status);
  }
}
