import { Controller, Delete, HttpCode, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { ZodBody } from '@client-gate/platform';
import { Client, ClientAuthGuard } from '../../../sessions/client-auth.guard';
import { AuthenticatedClient } from '../../../sessions/sessions.service';
import { RemoveFactorDto, removeFactorSchema } from './remove.dto';
import { Origin, RequestOrigin } from '../../../sessions/request-origin';
import { RemoveService } from './remove.service';

@ApiTags('clients')
@ApiBearerAuth()
@UseGuards(ClientAuthGuard)
@Controller('account/second-factor')
export class RemoveController {
  constructor(private readonly service: RemoveService) {}

  /** R23: with the password and a current code (for the email factor, one asked for with POST /account/second-factor/email). */
  @Delete()
  @HttpCode(204)
  async remove(@Client() client: AuthenticatedClient, @ZodBody(removeFactorSchema) dto: RemoveFactorDto, @Origin() origin: RequestOrigin): Promise<void> {
    await this.service.remove(client, dto, origin);
  }
}
