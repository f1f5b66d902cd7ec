import { Controller, Get, Next, Post, Req, Res, UseFilters } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { NextFunction, Request, Response } from 'express';
import { LoginService } from '../credentials/commands/login/login.service';
import { PageErrorFilter } from './page-error.filter';
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
    await this.pages.submitForm(request, response, next, 'login', async (fields) => {
      const { passwordExpiresAt } = await this.logins.verifyPassword(fields, request.ip ?? '');
      return { passwordExpiresAt: passwordExpiresAt!.toISOString() };
    });
  }
}
