import { Controller, Delete, HttpCode, Param, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { Client, ClientAuthGuard } from '../../client-auth.guard';
import { Origin, RequestOrigin } from '../../request-origin';
import { AuthenticatedClient } from '../../sessions.service';
import { EndSessionsService } from './end-sessions.service';

@ApiTags('clients')
@ApiBearerAuth()
@UseGuards(ClientAuthGuard)
@Controller('account/sessions')
export class EndSessionsController {
  constructor(private readonly service: EndSessionsService) {}

  /** R26: every session of the account but this one. */
  @Delete()
  @HttpCode(204)
  endOthers(@Client() client: AuthenticatedClient, @Origin() origin: RequestOrigin): Promise<void> {
    return this.service.endOthers(client, origin);
  }

  /** R26: one session of the account, by the id that GET /account/sessions shows (this one too). */
  @Delete(':id')
  @HttpCode(204)
  endOne(@Client() client: AuthenticatedClient, @Param('id') id: string, @Origin() origin: RequestOrigin): Promise<void> {
    return this.service.endOne(client, id, origin);
  }
}
