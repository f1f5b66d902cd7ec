import { Controller, Get, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { Client, ClientAuthGuard } from '../../client-auth.guard';
import { AuthenticatedClient, Sessions, SessionView } from '../../sessions.service';

@ApiTags('clients')
@ApiBearerAuth()
@UseGuards(ClientAuthGuard)
@Controller('account/sessions')
export class ListSessionsController {
  constructor(private readonly sessions: Sessions) {}

  /** R26: the account's open sessions (started, last active, browser), the one asking marked `current`. */
  @Get()
  list(@Client() client: AuthenticatedClient): Promise<SessionView[]> {
    return this.sessions.list(client);
  }
}
