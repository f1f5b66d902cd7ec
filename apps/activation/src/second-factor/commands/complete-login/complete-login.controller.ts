import { Controller, HttpCode, Post, Req, Res } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { ZodBody } from '@client-gate/platform';
import { Request, Response } from 'express';
import { KnownBrowsers } from '../../../sessions/known-browsers.service';
import { CompleteLoginDto, completeLoginSchema } from './complete-login.dto';
import { CompleteLoginService } from './complete-login.service';

@ApiTags('clients')
@Controller('login/second-factor')
export class CompleteLoginController {
  constructor(
    private readonly service: CompleteLoginService,
    private readonly browsers: KnownBrowsers,
  ) {}

  /** R22, R23: the second step of a login, with the factor's code or the removal code. */
  @Post()
  @HttpCode(200)
  complete(@ZodBody(completeLoginSchema) dto: CompleteLoginDto, @Req() request: Request, @Res({ passthrough: true }) response: Response) {
    return this.service.complete(dto, this.browsers.originFor(request, response));
  }
}
