import { Controller, Get, Next, Post, Req, Res, UseFilters } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { NextFunction, Request, Response } from 'express';
import { PasswordResetService } from '../credentials/commands/password-reset/password-reset.service';
import { originOf } from '../sessions/request-origin';
import { ActivationPageErrorFilter } from './page-error.filter';
import { typedValidityDays } from './page-forms';
import { PageResponder } from './page-responder';

/** R13 as a page: a password-reset code sets a new password with a new validity. */
@ApiExcludeController()
@UseFilters(ActivationPageErrorFilter)
@Controller('reset-password')
export class ResetPasswordPageController {
  constructor(
    private readonly pages: PageResponder,
    private readonly passwordReset: PasswordResetService,
  ) {}

  @Get()
  show(@Req() request: Request, @Res() response: Response): void {
    this.pages.show(request, response, 'reset-password');
  }

  @Post()
  async submit(@Req() request: Request, @Res() response: Response, @Next() next: NextFunction): Promise<void> {
    await this.pages.submitForm(request, response, next, 'reset-password', async (fields) => {
      const dto = { ...fields, passwordValidityDays: typedValidityDays(fields.passwordValidityDays) };
      const { passwordExpiresAt } = await this.passwordReset.reset(dto, originOf(request));
      return { passwordExpiresAt };
    });
  }
}
