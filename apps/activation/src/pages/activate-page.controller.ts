import { Controller, Get, Next, Post, Req, Res, UseFilters } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { NextFunction, Request, Response } from 'express';
import { ActivateService } from '../credentials/commands/activate/activate.service';
import { ActivationPageErrorFilter } from './page-error.filter';
import { typedValidityDays } from './page-forms';
import { PageResponder } from './page-responder';

/** R10 as a page: the code from the email, a username, a password and its validity. */
@ApiExcludeController()
@UseFilters(ActivationPageErrorFilter)
@Controller('activate')
export class ActivatePageController {
  constructor(
    private readonly pages: PageResponder,
    private readonly activation: ActivateService,
  ) {}

  @Get()
  show(@Req() request: Request, @Res() response: Response): void {
    this.pages.show(request, response, 'activate');
  }

  @Post()
  async submit(@Req() request: Request, @Res() response: Response, @Next() next: NextFunction): Promise<void> {
    await this.pages.submitForm(request, response, next, 'activate', async (fields) => {
      const dto = { ...fields, passwordValidityDays: typedValidityDays(fields.passwordValidityDays) };
      const { username, passwordExpiresAt } = await this.activation.activate(dto, request.ip ?? '');
      return { username, passwordExpiresAt };
    });
  }
}
