import { Controller, Get, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { Client, ClientAuthGuard } from '../../../sessions/client-auth.guard';
import { AuthenticatedClient } from '../../../sessions/sessions.service';
import { ShowAccountService } from './show-account.service';

@ApiTags('clients')
@ApiBearerAuth()
@UseGuards(ClientAuthGuard)
@Controller('account')
export class ShowAccountController {
  constructor(private readonly service: ShowAccountService) {}

  /** R24: the client's own data. */
  @Get()
  show(@Client() client: AuthenticatedClient) {
    return this.service.show(client.gatewayId);
  }
}
