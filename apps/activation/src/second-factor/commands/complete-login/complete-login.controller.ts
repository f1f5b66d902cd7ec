import { Controller, HttpCode, Ip, Post } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { ZodBody } from '@client-gate/platform';
import { CompleteLoginDto, completeLoginSchema } from './complete-login.dto';
import { CompleteLoginService } from './complete-login.service';

@ApiTags('clients')
@Controller('login/second-factor')
export class CompleteLoginController {
  constructor(private readonly service: CompleteLoginService) {}

  /** R22, R23: the second step of a login, with the factor's code or the removal code. */
  @Post()
  @HttpCode(200)
  complete(@ZodBody(completeLoginSchema) dto: CompleteLoginDto, @Ip() clientAddress: string) {
    return this.service.complete(dto, clientAddress);
  }
}
