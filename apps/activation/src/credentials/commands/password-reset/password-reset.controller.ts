import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { ZodBodyPipe } from '@client-gate/platform';
import { PasswordResetDto, passwordResetSchema } from './password-reset.dto';
import { PasswordResetService } from './password-reset.service';

@ApiTags('clients')
@Controller('password-reset')
export class PasswordResetController {
  constructor(private readonly service: PasswordResetService) {}

  @Post()
  @HttpCode(200)
  reset(@Body(new ZodBodyPipe(passwordResetSchema)) dto: PasswordResetDto) {
    return this.service.reset(dto);
  }
}
