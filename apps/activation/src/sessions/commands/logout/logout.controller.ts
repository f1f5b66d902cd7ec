import { Controller, HttpCode, Post, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { Client, ClientAuthGuard, EnrolmentTokenAccepted } from '../../client-auth.guard';
import { Origin, RequestOrigin } from '../../request-origin';
import { AuthenticatedClient } from '../../sessions.service';
import { LogoutService } from './logout.service';

@ApiTags('clients')
@ApiBearerAuth()
@UseGuards(ClientAuthGuard)
@Controller('logout')
export class LogoutController {
  constructor(private readonly service: LogoutService) {}

  @Post()
  @HttpCode(204)
  @EnrolmentTokenAccepted(true)
  logout(@Client() client: AuthenticatedClient, @Origin() origin: RequestOrigin): Promise<void> {
    return this.service.logout(client, origin);
  }
}
