import { ArgumentsHost, Catch, ExceptionFilter, HttpException, HttpStatus, Logger } from '@nestjs/common';
import { Response } from 'express';
import { isDatabaseOutage } from '../database/outage';
import { ApiError, ErrorItem } from './api-error';

const CODE_BY_STATUS: Record<number, string> = {
  400: 'BAD_REQUEST',
  401: 'UNAUTHORIZED',
  403: 'FORBIDDEN',
  404: 'NOT_FOUND',
  405: 'METHOD_NOT_ALLOWED',
  409: 'CONFLICT',
  413: 'PAYLOAD_TOO_LARGE',
  415: 'UNSUPPORTED_MEDIA_TYPE',
  422: 'UNPROCESSABLE',
  429: 'TOO_MANY_REQUESTS',
};

/** Every error leaves in SPEC §3's shape; anything unexpected is a logged 500 without details. */
@Catch()
export class HttpErrorFilter implements ExceptionFilter {
  private readonly logger = new Logger(HttpErrorFilter.name);

  catch(exception: unknown, host: ArgumentsHost): void {
    if (host.getType() !== 'http') throw exception;
    const response = host.switchToHttp().getResponse<Response>();
    const { status, errors } = this.describe(exception);
    if (status >= 500) this.logger.error({ err: exception }, 'unhandled error');
    if (exception instanceof ApiError) response.set(exception.headers);
    response.status(status).json({ errors });
  }

  private describe(exception: unknown): { status: number; errors: ErrorItem[] } {
    if (exception instanceof HttpException) {
      const status = exception.getStatus();
      const body = exception.getResponse();
      if (typeof body === 'object' && body && Array.isArray((body as { errors?: unknown }).errors)) {
        return { status, errors: (body as { errors: ErrorItem[] }).errors };
      }
      const message = typeof body === 'string' ? body : ((body as { message?: string }).message ?? exception.message);
      return { status, errors: [{ code: CODE_BY_STATUS[status] ?? 'ERROR', message: String(message) }] };
    }
    if (isDatabaseOutage(exception)) {
      return { status: HttpStatus.SERVICE_UNAVAILABLE, errors: [{ code: 'SERVICE_UNAVAILABLE', message: 'Temporarily unavailable; try again' }] };
    }
    return { status: HttpStatus.INTERNAL_SERVER_ERROR, errors: [{ code: 'INTERNAL', message: 'Internal error' }] };
  }
}
