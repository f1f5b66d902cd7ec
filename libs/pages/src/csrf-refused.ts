import { HttpException, HttpStatus } from '@nestjs/common';

/** A form post without a valid CSRF token: the pages answer it with a page that explains (403). */
export class CsrfRefused extends HttpException {
  constructor() {
    super('CSRF token missing or invalid', HttpStatus.FORBIDDEN);
  }
}
