import { Controller, Get, Next, Post, Req, Res, UseFilters } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { NextFunction, Request, Response } from 'express';
import { LoginService } from '../credentials/commands/login/login.service';
import { PageErrorFilter } from './page-error.filter';
import { formFields, isFormPost } from './page-forms';
import { PageResponder } from './page-responder';

/**
 * R14 as a page, so that a client can prove new credentials. `POST /login` is also the JSON API's:
 * the page handles form posts and hands every other request on to it.
 */
@ApiExcludeController()
@UseFilters(PageErrorFilter)
@Controller('login')
export class LoginPageController {
  constructor(
    private readonly pages: PageResponder,
    private readonly logins: LoginService,
  ) {}

  @Get()
  show(@Req() request: Request, @Res() response: Response): void {
    this.pages.show(request, response, 'login');
  }

  @Post()
  async submit(@Req() request: Request, @Res() response: Response, @Next() next: NextFunction): Promise<void> {
    if (!isFormPost(request)) return next();
    this.pages.verifyCsrf(request);
    const typed = formFields(request, ['username']);
    const { password } = formFields(request, ['password']);
    await this.pages.submit(request, response, 'login', typed, async () => {
      const { passwordExpiresAt } = await this.logins.login({ username: typed.username, password }, request.ip ?? '');
      return { passwordExpiresAt };
    });
  }
}
