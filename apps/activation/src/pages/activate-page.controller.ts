import { Controller, Get, Next, Post, Req, Res, UseFilters } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { NextFunction, Request, Response } from 'express';
import { ActivateService } from '../credentials/commands/activate/activate.service';
import { PageErrorFilter } from './page-error.filter';
import { formFields, isFormPost, typedValidityDays } from './page-forms';
import { PageResponder } from './page-responder';

/** R10 as a page: the code from the email, a username, a password and its validity. */
@ApiExcludeController()
@UseFilters(PageErrorFilter)
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
    if (!isFormPost(request)) return next();
    this.pages.verifyCsrf(request);
    const typed = formFields(request, ['code', 'username', 'passwordValidityDays']);
    const { password } = formFields(request, ['password']);
    await this.pages.submit(request, response, 'activate', typed, async () => {
      const dto = { code: typed.code, username: typed.username, password, passwordValidityDays: typedValidityDays(typed.passwordValidityDays) };
      const { username, passwordExpiresAt } = await this.activation.activate(dto, request.ip ?? '');
      return { username, passwordExpiresAt };
    });
  }
}
