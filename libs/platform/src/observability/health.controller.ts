import { Controller, Get } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { HealthCheck, HealthCheckService, HealthIndicatorService, TypeOrmHealthIndicator } from '@nestjs/terminus';
import { KafkaConnection } from '../messaging/kafka-connection';

@ApiTags('operations')
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly database: TypeOrmHealthIndicator,
    private readonly indicators: HealthIndicatorService,
    private readonly kafka: KafkaConnection,
  ) {}

  /** The process is up; restart it only when this fails. */
  @Get('live')
  live() {
    return { status: 'ok' };
  }

  /** Ready for traffic: its database answers and its Kafka producer is connected. */
  @Get('ready')
  @HealthCheck()
  ready() {
    return this.health.check([
      () => this.database.pingCheck('database', { timeout: 2000 }),
      () => {
        const kafka = this.indicators.check('kafka');
        return this.kafka.isConnected ? kafka.up() : kafka.down({ message: 'producer not connected' });
      },
    ]);
  }
}
