import { Controller, HttpCode, Post, Req, Res, UseGuards } from '@nestjs/common';
import { Request, Response } from 'express';
import { KnownBrowsers } from '../../../sessions/known-browsers.service';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { ZodBody } from '@client-gate/platform';
import { Client, ClientAuthGuard, EnrolmentTokenAccepted } from '../../../sessions/client-auth.guard';
import { AuthenticatedClient } from '../../../sessions/sessions.service';
import { ConfirmEnrolmentDto, confirmEnrolmentSchema } from './enrol.dto';
import { EnrolService } from './enrol.service';

/** R22: the client enrols a second factor, with a session or the enrolment token a right password gave. */
@ApiTags('clients')
@ApiBearerAuth()
@UseGuards(ClientAuthGuard)
@Controller('account/second-factor')
export class EnrolController {
  constructor(
    private readonly service: EnrolService,
    private readonly browsers: KnownBrowsers,
  ) {}

  @Post('totp')
  @EnrolmentTokenAccepted(true)
  startTotp(@Client() client: AuthenticatedClient) {
    return this.service.startTotp(client);
  }

  @Post('totp/confirm')
  @HttpCode(200)
  @EnrolmentTokenAccepted(true)
  confirmTotp(@Client() client: AuthenticatedClient, @ZodBody(confirmEnrolmentSchema) dto: ConfirmEnrolmentDto, @Req() request: Request, @Res({ passthrough: true }) response: Response) {
    return this.service.confirm(client, 'totp', dto.code, this.browsers.originFor(request, response));
  }

  /** Emails a code: to enrol the email factor, or, once it is enrolled, to confirm its removal. */
  @Post('email')
  @HttpCode(202)
  @EnrolmentTokenAccepted(true)
  async startEmail(@Client() client: AuthenticatedClient): Promise<Record<string, never>> {
    await this.service.startEmail(client);
    return {};
  }

  @Post('email/confirm')
  @HttpCode(200)
  @EnrolmentTokenAccepted(true)
  confirmEmail(@Client() client: AuthenticatedClient, @ZodBody(confirmEnrolmentSchema) dto: ConfirmEnrolmentDto, @Req() request: Request, @Res({ passthrough: true }) response: Response) {
    return this.service.confirm(client, 'email', dto.code, this.browsers.originFor(request, response));
  }
}
