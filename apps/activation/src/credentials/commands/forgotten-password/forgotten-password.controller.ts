import { Controller, HttpCode, Post } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { ZodBody } from '@client-gate/platform';
import { ForgottenPasswordDto, forgottenPasswordSchema } from './forgotten-password.dto';
import { ForgottenPasswordService } from './forgotten-password.service';

@ApiTags('clients')
@Controller('forgotten-password')
export class ForgottenPasswordController {
  constructor(private readonly service: ForgottenPasswordService) {}

  /** 202 `{}` whatever the address (SPEC §8: no enumeration), once the request is stored. */
  @Post()
  @HttpCode(202)
  async request(@ZodBody(forgottenPasswordSchema) dto: ForgottenPasswordDto): Promise<Record<string, never>> {
    await this.service.request(dto.email);
    return {};
  }
}
