import { Controller, Get, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { Client, ClientAuthGuard } from '../../../sessions/client-auth.guard';
import { AuthenticatedClient } from '../../../sessions/sessions.service';
import { ActivityLog, ActivityView } from '../../../activity/activity-log.service';

@ApiTags('clients')
@ApiBearerAuth()
@UseGuards(ClientAuthGuard)
@Controller('account/activity')
export class ListActivityController {
  constructor(private readonly activity: ActivityLog) {}

  /** R26: the account's security events of the last 90 days, newest first; addresses masked. */
  @Get()
  list(@Client() client: AuthenticatedClient): Promise<ActivityView[]> {
    return this.activity.list(client.gatewayId);
  }
}
