import { ArgumentsHost, ExceptionFilter, HttpException, HttpStatus, Logger } from '@nestjs/common';
import type { Request, Response } from 'express';
import { CsrfRefused } from './csrf-refused';

/** The notices every app's pages have for what went wrong. */
export type PageNotice = 'csrf' | 'unavailable' | 'unexpected';

/**
 * What a page's handler did not turn into a page becomes one: a refused CSRF token (403), an outage (503), a fault
 * (its status; logged when 5xx). Each app says how it shows a notice and what is an outage for it, and may answer
 * some failures its own way first (`answer`). Subclasses are the filters (`@Catch()`).
 */
export abstract class PageErrorFilter<R extends Request = Request> implements ExceptionFilter {
  protected readonly logger = new Logger(this.constructor.name);

  protected abstract showNotice(request: R, response: Response, notice: PageNotice, status: number): void;

  protected abstract isOutage(exception: unknown): boolean;

  /** The app's own answer to a failure, if it has one: true when it answered. */
  protected answer(_exception: unknown, _request: R, _response: Response): boolean | Promise<boolean> {
    return false;
  }

  async catch(exception: unknown, host: ArgumentsHost): Promise<void> {
    const request = host.switchToHttp().getRequest<R>();
    const response = host.switchToHttp().getResponse<Response>();
    if (await this.answer(exception, request, response)) return;
    if (exception instanceof CsrfRefused) return this.showNotice(request, response, 'csrf', HttpStatus.FORBIDDEN);
    if (this.isOutage(exception)) {
      this.logger.warn(`page unavailable: ${(exception as Error).message}`);
      return this.showNotice(request, response, 'unavailable', HttpStatus.SERVICE_UNAVAILABLE);
    }
    const status = exception instanceof HttpException ? exception.getStatus() : HttpStatus.INTERNAL_SERVER_ERROR;
    if (status >= 500) this.logger.error({ err: exception }, 'page failed');
    this.showNotice(request, response, 'unexpected', status);
  }
}
