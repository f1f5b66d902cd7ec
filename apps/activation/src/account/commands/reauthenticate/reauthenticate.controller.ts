import { Controller, HttpCode, Post, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { ZodBody } from '@client-gate/platform';
import { Client, ClientAuthGuard } from '../../../sessions/client-auth.guard';
import { Origin, RequestOrigin } from '../../../sessions/request-origin';
import { AuthenticatedClient } from '../../../sessions/sessions.service';
import { ReauthenticateDto, reauthenticateSchema } from './reauthenticate.dto';
import { ReauthenticateService } from './reauthenticate.service';

@ApiTags('clients')
@ApiBearerAuth()
@UseGuards(ClientAuthGuard)
@Controller('account/reauthenticate')
export class ReauthenticateController {
  constructor(private readonly service: ReauthenticateService) {}

  /** R26: `{password, code}` (for the email factor, a code asked for with POST /account/second-factor/email). */
  @Post()
  @HttpCode(204)
  async reauthenticate(@Client() client: AuthenticatedClient, @ZodBody(reauthenticateSchema) dto: ReauthenticateDto, @Origin() origin: RequestOrigin): Promise<void> {
    await this.service.reauthenticate(client, dto, origin);
  }

  /**
   * R27: WebAuthn request options for a proof with a passkey, `{assertion}` in POST /account/reauthenticate or in
   * a factor's removal (DELETE /account/second-factor/…); 404 SECOND_FACTOR_NOT_ENROLLED without a passkey.
   */
  @Post('options')
  @HttpCode(200)
  options(@Client() client: AuthenticatedClient) {
    return this.service.passkeyOptions(client);
  }
}
