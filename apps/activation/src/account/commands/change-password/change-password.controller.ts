import { Controller, HttpCode, Ip, Post, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { ZodBody } from '@client-gate/platform';
import { Client, ClientAuthGuard } from '../../../sessions/client-auth.guard';
import { AuthenticatedClient } from '../../../sessions/sessions.service';
import { ChangePasswordDto, changePasswordSchema } from './change-password.dto';
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
  change(@Client() client: AuthenticatedClient, @ZodBody(changePasswordSchema) dto: ChangePasswordDto, @Ip() clientAddress: string) {
    return this.service.change(client.gatewayId, dto, clientAddress);
  }
}
