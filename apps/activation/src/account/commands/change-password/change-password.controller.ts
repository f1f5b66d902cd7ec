import { Controller, HttpCode, Post, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { ZodBody } from '@client-gate/platform';
import { Client, ClientAuthGuard } from '../../../sessions/client-auth.guard';
import { AuthenticatedClient } from '../../../sessions/sessions.service';
import { ChangePasswordDto, changePasswordSchema } from './change-password.dto';
import { Origin, RequestOrigin } from '../../../sessions/request-origin';
import { ChangePasswordService } from './change-password.service';

@ApiTags('clients')
@ApiBearerAuth()
@UseGuards(ClientAuthGuard)
@Controller('account/password')
export class ChangePasswordController {
  constructor(private readonly service: ChangePasswordService) {}

  /** R24: the current password first, then a new one under R10's validity and R16's rules. */
  @Post()
  @HttpCode(200)
  change(@Client() client: AuthenticatedClient, @ZodBody(changePasswordSchema) dto: ChangePasswordDto, @Origin() origin: RequestOrigin) {
    return this.service.change(client, dto, origin);
  }
}
