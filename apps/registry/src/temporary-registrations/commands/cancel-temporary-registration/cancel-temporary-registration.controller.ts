import { Controller, Delete, HttpCode, Param, ParseUUIDPipe, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { PortalGuard } from '@client-gate/platform';
import { CancelTemporaryRegistrationService, temporaryRegistrationNotFound } from './cancel-temporary-registration.service';

@ApiTags('temporary registrations')
@ApiBearerAuth()
@UseGuards(PortalGuard)
@Controller('temporary-registrations')
export class CancelTemporaryRegistrationController {
  constructor(private readonly service: CancelTemporaryRegistrationService) {}

  /** R8: cancelled online; the person may then register at a consulate. */
  @Delete(':id')
  @HttpCode(204)
  async cancel(@Param('id', new ParseUUIDPipe({ exceptionFactory: temporaryRegistrationNotFound })) id: string): Promise<void> {
    await this.service.cancel(id);
  }
}
