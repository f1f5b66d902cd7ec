import { Body, Controller, HttpCode, Ip, Post, UseFilters } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { ZodBodyPipe } from '@client-gate/platform';
import { TooManyAttemptsFilter } from '../../throttling/too-many-attempts';
import { PasswordResetDto, passwordResetSchema } from './password-reset.dto';
import { PasswordResetService } from './password-reset.service';

@ApiTags('clients')
@Controller('password-reset')
@UseFilters(TooManyAttemptsFilter)
export class PasswordResetController {
  constructor(private readonly service: PasswordResetService) {}

  @Post()
  @HttpCode(200)
  reset(@Body(new ZodBodyPipe(passwordResetSchema)) dto: PasswordResetDto, @Ip() clientAddress: string) {
    return this.service.reset(dto, clientAddress);
  }
}
