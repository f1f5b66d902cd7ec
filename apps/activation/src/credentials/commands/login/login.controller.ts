import { Controller, HttpCode, Post, Req, Res } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { ZodBody } from '@client-gate/platform';
import { Request, Response } from 'express';
import { KnownBrowsers } from '../../../sessions/known-browsers.service';
import { LoginDto, loginSchema } from './login.dto';
import { LoginService } from './login.service';

@ApiTags('clients')
@Controller('login')
export class LoginController {
  constructor(
    private readonly service: LoginService,
    private readonly browsers: KnownBrowsers,
  ) {}

  @Post()
  @HttpCode(200)
  login(@ZodBody(loginSchema) dto: LoginDto, @Req() request: Request, @Res({ passthrough: true }) response: Response) {
    return this.service.login(dto, this.browsers.originFor(request, response));
  }
}
