import { Controller, Get, HttpCode, ServiceUnavailableException } from '@nestjs/common';
import { OfficerSignIn } from './auth/officer-sign-in';

/** Live when the process answers; ready once the officers' provider has been discovered (sign-in works). */
@Controller('health')
export class HealthController {
  constructor(private readonly signIn: OfficerSignIn) {}

  @Get('live')
  @HttpCode(200)
  live() {
    return { status: 'ok' };
  }

  @Get('ready')
  async ready() {
    try {
      await this.signIn.ready();
      return { status: 'ok' };
    } catch {
      throw new ServiceUnavailableException({ status: 'error', reason: 'the OpenID Connect provider cannot be discovered' });
    }
  }
}
