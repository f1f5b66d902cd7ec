import { Controller, HttpCode, Post } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { ZodBody } from '@client-gate/platform';
import { Origin, RequestOrigin } from '../../../sessions/request-origin';
import { PasswordResetDto, passwordResetSchema } from './password-reset.dto';
import { PasswordResetService } from './password-reset.service';

@ApiTags('clients')
@Controller('password-reset')
export class PasswordResetController {
  constructor(private readonly service: PasswordResetService) {}

  @Post()
  @HttpCode(200)
  reset(@ZodBody(passwordResetSchema) dto: PasswordResetDto, @Origin() origin: RequestOrigin) {
    return this.service.reset(dto, origin);
  }
}
