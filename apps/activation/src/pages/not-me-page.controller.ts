import { Controller, Get, Next, Post, Req, Res, UseFilters } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { NextFunction, Request, Response } from 'express';
import { ReportNotMeService } from '../account/commands/report-not-me/report-not-me.service';
import { originOf } from '../sessions/request-origin';
import { ActivationPageErrorFilter } from './page-error.filter';
import { formFields } from './page-forms';
import { PageResponder } from './page-responder';

/**
 * R26 as a page: the new-sign-in email's "this was not me" link opens it; only its button acts (a link that
 * acted on GET would be followed by mail scanners). `POST /not-me` is the JSON API's too: other requests go on.
 */
@ApiExcludeController()
@UseFilters(ActivationPageErrorFilter)
@Controller('not-me')
export class NotMePageController {
  constructor(
    private readonly pages: PageResponder,
    private readonly reports: ReportNotMeService,
  ) {}

  @Get()
  show(@Req() request: Request, @Res() response: Response): void {
    const token = typeof request.query['token'] === 'string' ? request.query['token'] : '';
    this.pages.show(request, response, 'not-me', { view: { token, done: false } });
  }

  @Post()
  async submit(@Req() request: Request, @Res() response: Response, @Next() next: NextFunction): Promise<void> {
    const { token } = formFields(request, ['token']);
    await this.pages.handleForm(
      request,
      response,
      next,
      'not-me',
      async () => {
        await this.reports.report({ token }, originOf(request));
        // This browser's session, if it had one, has ended with the others.
        this.pages.endSession(response);
        return { state: { view: { token: '', done: true } } };
      },
      async () => ({ view: { token, done: false } }),
    );
  }
}
