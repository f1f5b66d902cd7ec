import { Controller, Get, Next, Post, Req, Res, UseFilters } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { ApiError } from '@client-gate/platform';
import { NextFunction, Request, Response } from 'express';
import { ForgottenPasswordService } from '../credentials/commands/forgotten-password/forgotten-password.service';
import { ActivationPageErrorFilter } from './page-error.filter';
import { PageResponder } from './page-responder';

const EMAIL_MISSING = { code: 'EMAIL_MISSING', field: 'email', message: 'Enter your email address.' };

/**
 * R11, R13 as a page. `POST /forgotten-password` is also the JSON API's: the page handles form posts
 * and hands every other request on to it. The answer is the same for every address (SPEC §8).
 */
@ApiExcludeController()
@UseFilters(ActivationPageErrorFilter)
@Controller('forgotten-password')
export class ForgottenPasswordPageController {
  constructor(
    private readonly pages: PageResponder,
    private readonly forgottenPassword: ForgottenPasswordService,
  ) {}

  @Get()
  show(@Req() request: Request, @Res() response: Response): void {
    this.pages.show(request, response, 'forgotten-password');
  }

  @Post()
  async submit(@Req() request: Request, @Res() response: Response, @Next() next: NextFunction): Promise<void> {
    await this.pages.submitForm(request, response, next, 'forgotten-password', async (fields) => {
      const email = fields.email.trim();
      if (email === '') throw ApiError.unprocessable([EMAIL_MISSING]);
      await this.forgottenPassword.request(email);
      return { email };
    });
  }
}
