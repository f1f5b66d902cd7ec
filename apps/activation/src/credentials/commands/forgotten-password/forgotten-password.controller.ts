import { Controller, HttpCode, Post } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { ZodBody } from '@client-gate/platform';
import { ForgottenPasswordDto, forgottenPasswordSchema } from './forgotten-password.dto';
import { ForgottenPasswordService } from './forgotten-password.service';

@ApiTags('clients')
@Controller('forgotten-password')
export class ForgottenPasswordController {
  constructor(private readonly service: ForgottenPasswordService) {}

  /** 202 `{}` whatever the address (SPEC §8: no enumeration). */
  @Post()
  @HttpCode(202)
  request(@ZodBody(forgottenPasswordSchema) dto: ForgottenPasswordDto): Record<string, never> {
    this.service.requestCodes(dto.email);
    return {};
  }
}
