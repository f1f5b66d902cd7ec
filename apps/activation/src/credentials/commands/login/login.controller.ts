import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { ZodBodyPipe } from '@client-gate/platform';
import { LoginDto, loginSchema } from './login.dto';
import { LoginService } from './login.service';

@ApiTags('clients')
@Controller('login')
export class LoginController {
  constructor(private readonly service: LoginService) {}

  @Post()
  @HttpCode(200)
  login(@Body(new ZodBodyPipe(loginSchema)) dto: LoginDto) {
    return this.service.login(dto);
  }
}
