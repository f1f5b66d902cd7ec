import { Controller, HttpCode, Post, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { PortalGuard, ZodBody } from '@client-gate/platform';
import { CreateTemporaryRegistrationDto, createTemporaryRegistrationSchema } from './create-temporary-registration.dto';
import { CreateTemporaryRegistrationService } from './create-temporary-registration.service';

@ApiTags('temporary registrations')
@ApiBearerAuth()
@UseGuards(PortalGuard)
@Controller('temporary-registrations')
export class CreateTemporaryRegistrationController {
  constructor(private readonly service: CreateTemporaryRegistrationService) {}

  /** R8: the online portal registers a person temporarily; it lapses 30 days later. */
  @Post()
  @HttpCode(201)
  async create(@ZodBody(createTemporaryRegistrationSchema) dto: CreateTemporaryRegistrationDto) {
    const registration = await this.service.create(dto);
    return { id: registration.id, expiresAt: registration.expiresAt.toISOString() };
  }
}
