import { Controller, Get, Res, ServiceUnavailableException } from '@nestjs/common';
import { Response } from 'express';
import { ApiTags } from '@nestjs/swagger';
import { HealthCheck, HealthCheckService, HealthIndicatorService, TypeOrmHealthIndicator } from '@nestjs/terminus';
import { ConsumerLiveness } from '../messaging/consumer-liveness';
import { KafkaConnection } from '../messaging/kafka-connection';
import { OutboxRelay } from '../messaging/outbox-relay';
import { scrapedGauge } from './metrics';

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
    private readonly consumer: ConsumerLiveness,
  ) {
    // Readiness as Prometheus sees it (the ServiceNotReady alert): the same checks, at each scrape.
    scrapedGauge('service_ready', 'Whether /health/ready answers 200 (1) or 503 (0)', [], async (gauge) => {
      gauge.set(await this.checks().then(() => 1, () => 0));
    });
  }

  /**
   * The process is up and its consumer not stalled; restart it when this fails. The watchdog restarts a stalled
   * consumer in the process first: this stays 503 until it moves again, for when only a new process helps.
   */
  @Get('live')
  live(@Res({ passthrough: true }) response: Response) {
    const stalled = this.consumer.stalled;
    if (!stalled) return { status: 'ok' };
    response.status(503);
    return { status: 'error', consumer: { stalledForSeconds: Math.round((Date.now() - stalled.since) / 1000), stalls: stalled.stalls } };
  }

  /** Ready for traffic: its database and its broker answer, its outbox drains, its consumer is in its group and not stalled. 503 says which does not. */
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
      () => {
        const consumer = this.indicators.check('consumer');
        const details = { group: this.consumer.group, partitions: this.consumer.partitions };
        const stalled = this.consumer.stalled;
        if (stalled) return consumer.down({ ...details, message: `stalled for ${Math.round((Date.now() - stalled.since) / 1000)} s` });
        if (!this.consumer.joined) return consumer.down({ ...details, message: 'not a member of its group' });
        return consumer.up(details);
      },
    ]);
  }
}
