import { Controller, Delete, HttpCode, Param, ParseUUIDPipe, UseGuards } from '@nestjs/common';
import { secondFactorMethods } from '@client-gate/contracts';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { ApiError, ZodBody } from '@client-gate/platform';
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

  /** R27: one passkey, by its id (GET /account lists them); `{password, code}` or `{password, assertion}`. */
  @Delete('passkey/:id')
  @HttpCode(204)
  async removePasskey(
    @Client() client: AuthenticatedClient,
    @Param('id', new ParseUUIDPipe({ exceptionFactory: () => ApiError.notFound('SECOND_FACTOR_NOT_ENROLLED', 'No such passkey is enrolled.') })) id: string,
    @ZodBody(removeFactorSchema) dto: RemoveFactorDto,
    @Origin() origin: RequestOrigin,
  ): Promise<void> {
    await this.service.remove(client, dto, origin, 'passkey', id);
  }

  /** R27: one of several factors, by its kind (`passkey`: all of them); the others stay. */
  @Delete(':method')
  @HttpCode(204)
  async removeOne(
    @Client() client: AuthenticatedClient,
    @Param('method') method: string,
    @ZodBody(removeFactorSchema) dto: RemoveFactorDto,
    @Origin() origin: RequestOrigin,
  ): Promise<void> {
    const known = secondFactorMethods.find((name) => name === method);
    if (!known) throw ApiError.notFound('SECOND_FACTOR_NOT_ENROLLED', 'No such second factor is enrolled.');
    await this.service.remove(client, dto, origin, known);
  }
}
