import { Controller, HttpCode, Ip, Post } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { ZodBody } from '@client-gate/platform';
import { LoginDto, loginSchema } from './login.dto';
import { LoginService } from './login.service';

@ApiTags('clients')
@Controller('login')
export class LoginController {
  constructor(private readonly service: LoginService) {}

  @Post()
  @HttpCode(200)
  login(@ZodBody(loginSchema) dto: LoginDto, @Ip() clientAddress: string) {
    return this.service.login(dto, clientAddress);
  }
}
