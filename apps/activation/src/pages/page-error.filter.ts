import { Catch } from '@nestjs/common';
import { PageErrorFilter, PageNotice } from '@client-gate/pages';
import { isDatabaseOutage } from '@client-gate/platform';
import { Request, Response } from 'express';
import { PageResponder } from './page-responder';

/** The clients' pages' failures as pages: a refused CSRF token (403), the database out (503), a fault (500). */
@Catch()
export class ActivationPageErrorFilter extends PageErrorFilter {
  constructor(private readonly pages: PageResponder) {
    super();
  }

  protected showNotice(request: Request, response: Response, notice: PageNotice, status: number): void {
    this.pages.showNotice(request, response, notice, status);
  }

  protected isOutage(exception: unknown): boolean {
    return isDatabaseOutage(exception);
  }
}
