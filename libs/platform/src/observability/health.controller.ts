import { Controller, Get, Res, ServiceUnavailableException } from '@nestjs/common';
import { Response } from 'express';
import { ApiTags } from '@nestjs/swagger';
import { HealthCheck, HealthCheckService, HealthIndicatorService, TypeOrmHealthIndicator } from '@nestjs/terminus';
import { KafkaConnection } from '../messaging/kafka-connection';
import { OutboxRelay } from '../messaging/outbox-relay';

/** Long enough for a loaded broker to answer, short enough that readiness shows a lost one within seconds. */
const BROKER_PROBE_TIMEOUT_MS = 1_500;

@ApiTags('operations')
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly database: TypeOrmHealthIndicator,
    private readonly indicators: HealthIndicatorService,
    private readonly kafka: KafkaConnection,
    private readonly relay: OutboxRelay,
  ) {}

  /** The process is up; restart it only when this fails. */
  @Get('live')
  live() {
    return { status: 'ok' };
  }

  /** Ready for traffic: its database and its broker answer, and its outbox drains. 503 says which does not. */
  @Get('ready')
  @HealthCheck()
  async ready(@Res({ passthrough: true }) response: Response) {
    try {
      return await this.checks();
    } catch (error) {
      // Terminus's answer, with each check's status, rather than the error filter's generic one.
      if (!(error instanceof ServiceUnavailableException)) throw error;
      response.status(error.getStatus());
      return error.getResponse();
    }
  }

  private checks() {
    return this.health.check([
      () => this.database.pingCheck('database', { timeout: 2000 }),
      async () => {
        const kafka = this.indicators.check('kafka');
        try {
          await this.kafka.probe(BROKER_PROBE_TIMEOUT_MS);
          return kafka.up();
        } catch (error) {
          return kafka.down({ message: (error as Error).message });
        }
      },
      () => {
        const outbox = this.indicators.check('outbox');
        const stalled = this.relay.stalled();
        if (!stalled) return outbox.up();
        return outbox.down({ message: `not drained for ${Math.round(stalled.forMs / 1000)} s: ${stalled.error}` });
      },
    ]);
  }
}
