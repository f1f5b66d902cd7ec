import { HttpStatus } from '@nestjs/common';
import { ApiError } from '@client-gate/platform';

/** 429 for a locked account or address (SPEC §8), whether or not the password or code would have been right. */
export class TooManyAttempts extends ApiError {
  constructor(retryAfterSeconds: number) {
    super(
      HttpStatus.TOO_MANY_REQUESTS,
      [{ code: 'TOO_MANY_ATTEMPTS', message: `Too many failed attempts; try again in ${retryAfterSeconds} seconds.` }],
      { 'Retry-After': String(retryAfterSeconds) },
    );
  }
}
