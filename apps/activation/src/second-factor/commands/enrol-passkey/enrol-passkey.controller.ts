import { Controller, HttpCode, Post, Req, Res, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { ZodBody } from '@client-gate/platform';
import { Request, Response } from 'express';
import { Client, ClientAuthGuard, EnrolmentTokenAccepted } from '../../../sessions/client-auth.guard';
import { KnownBrowsers } from '../../../sessions/known-browsers.service';
import { AuthenticatedClient } from '../../../sessions/sessions.service';
import { RegisterPasskeyDto, registerPasskeySchema } from './enrol-passkey.dto';
import { EnrolPasskeyService } from './enrol-passkey.service';

/** R27: a passkey enrolled with a session or the enrolment token a right password gave. */
@ApiTags('clients')
@ApiBearerAuth()
@UseGuards(ClientAuthGuard)
@Controller('account/second-factor/passkey')
export class EnrolPasskeyController {
  constructor(
    private readonly service: EnrolPasskeyService,
    private readonly browsers: KnownBrowsers,
  ) {}

  /** WebAuthn creation options (JSON), for navigator.credentials.create(); 409 TOO_MANY_PASSKEYS at 5. */
  @Post('options')
  @HttpCode(200)
  @EnrolmentTokenAccepted(true)
  options(@Client() client: AuthenticatedClient) {
    return this.service.options(client);
  }

  /** `{credential, name?}`: the browser's credential (its toJSON()); 422 PASSKEY_INVALID when it does not verify. */
  @Post()
  @HttpCode(201)
  @EnrolmentTokenAccepted(true)
  register(@Client() client: AuthenticatedClient, @ZodBody(registerPasskeySchema) dto: RegisterPasskeyDto, @Req() request: Request, @Res({ passthrough: true }) response: Response) {
    return this.service.register(client, dto, this.browsers.originFor(request, response));
  }
}
