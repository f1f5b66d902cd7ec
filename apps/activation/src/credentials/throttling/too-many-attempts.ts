import { ArgumentsHost, Catch, ExceptionFilter, HttpStatus } from '@nestjs/common';
import { ApiError } from '@client-gate/platform';
import { Response } from 'express';

/** 429 for a locked account or address (SPEC §8), whether or not the password or code would have been right. */
export class TooManyAttempts extends ApiError {
  constructor(readonly retryAfterSeconds: number) {
    super(HttpStatus.TOO_MANY_REQUESTS, [
      { code: 'TOO_MANY_ATTEMPTS', message: `Too many failed attempts; try again in ${retryAfterSeconds} seconds.` },
    ]);
  }
}

/** Answers TooManyAttempts in SPEC §3's shape with a `Retry-After` header (seconds). */
@Catch(TooManyAttempts)
export class TooManyAttemptsFilter implements ExceptionFilter {
  catch(exception: TooManyAttempts, host: ArgumentsHost): void {
    const response = host.switchToHttp().getResponse<Response>();
    response.setHeader('Retry-After', String(exception.retryAfterSeconds));
    response.status(exception.getStatus()).json({ errors: exception.errors });
  }
}
