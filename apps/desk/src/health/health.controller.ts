import { Controller, Get, HttpCode, ServiceUnavailableException } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { OfficerSignIn } from '../auth/officer-sign-in';

/** Live when the process answers; ready while the officers' provider serves its discovery document and the sessions' database answers. */
@Controller('health')
export class HealthController {
  constructor(
    private readonly signIn: OfficerSignIn,
    private readonly database: DataSource,
  ) {}

  @Get('live')
  @HttpCode(200)
  live() {
    return { status: 'ok' };
  }

  @Get('ready')
  async ready() {
    try {
      await this.signIn.answers();
    } catch {
      throw new ServiceUnavailableException({ status: 'error', reason: 'the OpenID Connect provider does not answer' });
    }
    try {
      await this.database.query('SELECT 1');
    } catch {
      throw new ServiceUnavailableException({ status: 'error', reason: 'the sessions\' database does not answer' });
    }
    return { status: 'ok' };
  }
}
