import { Controller, HttpCode, Post, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { Client, ClientAuthGuard } from '../../../sessions/client-auth.guard';
import { Origin, RequestOrigin } from '../../../sessions/request-origin';
import { AuthenticatedClient } from '../../../sessions/sessions.service';
import { RenewRemovalCodeService } from './renew-removal-code.service';

@ApiTags('clients')
@ApiBearerAuth()
@UseGuards(ClientAuthGuard)
@Controller('account/removal-code')
export class RenewRemovalCodeController {
  constructor(private readonly service: RenewRemovalCodeService) {}

  /** R26: `{removalCode}`, shown this once; the old code stops working. */
  @Post()
  @HttpCode(200)
  renew(@Client() client: AuthenticatedClient, @Origin() origin: RequestOrigin): Promise<{ removalCode: string }> {
    return this.service.renew(client, origin);
  }
}
