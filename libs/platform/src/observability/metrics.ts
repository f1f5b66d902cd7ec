import { Controller, Get, Header, Injectable, NestMiddleware } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { NextFunction, Request, Response } from 'express';
import { collectDefaultMetrics, Counter, Gauge, Histogram, register } from 'prom-client';

collectDefaultMetrics();

/** Events the outbox relay handed to Kafka, per topic. */
export const eventsPublished = new Counter({ name: 'events_published_total', help: 'Events published from the outbox', labelNames: ['topic'] });

/** Failed attempts of the outbox relay (the broker unreachable, most likely); readiness shows when they go on. */
export const outboxRelayFailures = new Counter({ name: 'outbox_relay_failures_total', help: 'Failed attempts to publish the outbox' });
/** 1 while the relay LISTENs for the outbox's NOTIFY (it then polls only as a safety net), 0 while it polls. */
export const outboxListening = new Gauge({ name: 'outbox_listening', help: 'Whether the outbox relay listens for commits (1) or polls (0)' });
/** NOTIFY outbox received: a commit somewhere (this instance or another) wrote outbox rows. */
export const outboxWakeUps = new Counter({ name: 'outbox_wake_ups_total', help: 'Outbox notifications that woke the relay' });

/** Outbox events that Kafka refused for good (unknown topic, too large, invalid), moved to ops.dead-letter.v1. */
export const outboxDeadLettered = new Counter({
  name: 'outbox_dead_lettered_total',
  help: 'Outbox events refused by Kafka and dead-lettered',
  labelNames: ['topic', 'reason'],
});

/** Records a consumer took from Kafka, per topic, type and outcome (applied, duplicate, ignored, dead_lettered). */
export const eventsConsumed = new Counter({
  name: 'events_consumed_total',
  help: 'Records consumed, by outcome',
  labelNames: ['topic', 'type', 'outcome'],
});

/** Failed attempts of an event handler (each retry counts); dead letters are in events_consumed_total. */
export const eventHandlerFailures = new Counter({
  name: 'event_handler_failures_total',
  help: 'Failed attempts of event handlers',
  labelNames: ['topic', 'type'],
});

/** Emails handed to the SMTP server, and attempts that failed (permanent: given up). */
export const emailsSent = new Counter({ name: 'emails_sent_total', help: 'Emails sent', labelNames: ['type'] });
export const emailsFailed = new Counter({ name: 'emails_failed_total', help: 'Email attempts that failed', labelNames: ['type', 'permanent'] });
/** Emails handed to the SMTP server and not yet answered: stays up while the server hangs. */
export const emailsInFlight = new Gauge({ name: 'emails_in_flight', help: 'Emails handed to SMTP, not yet answered' });

/** 1 while the service's consumer is stalled (SPEC §9: work waiting, nothing applied for CONSUMER_STALL_SECONDS). */
export const consumerStalled = new Gauge({ name: 'consumer_stalled', help: 'Whether the consumer is stalled (1) or not (0)', labelNames: ['group'] });
/** Times the watchdog stopped a stalled consumer and started it again in the process. */
export const consumerRestarts = new Counter({ name: 'consumer_restarts_total', help: 'Stalled consumers restarted in the process', labelNames: ['group'] });
/** 1 while the consumer is a member of its group (joined, not stopped or crashed for good). */
export const consumerJoined = new Gauge({ name: 'consumer_joined', help: 'Whether the consumer is in its group (1) or not (0)', labelNames: ['group'] });

/** When each scheduled job last started and last finished without error, and its failures: an alert sees a job that did not finish. */
export const jobStarted = new Gauge({ name: 'job_last_started_timestamp_seconds', help: 'When the job last started', labelNames: ['job_name'] });
export const jobFinished = new Gauge({ name: 'job_last_success_timestamp_seconds', help: 'When the job last finished without error', labelNames: ['job_name'] });
export const jobFailures = new Counter({ name: 'job_failures_total', help: 'Job runs that failed', labelNames: ['job_name'] });

/**
 * Statements a service sent to its database and requests its Kafka clients sent to the broker: what one unit of
 * work costs the infrastructure, whatever the load (the bench divides them by the registrations).
 */
export const databaseStatements = new Counter({ name: 'db_statements_total', help: 'Statements sent to the database, by kind', labelNames: ['kind'] });
/** Topics with fewer copies, or fewer in-sync copies required, than KAFKA_REPLICATION_FACTOR / KAFKA_MIN_INSYNC_REPLICAS ask (found at start). */
export const kafkaTopicReplicationShortfall = new Gauge({
  name: 'kafka_topic_replication_shortfall',
  help: 'Whether the topic is below the replication settings (1), found at start',
  labelNames: ['topic'],
});
/** How long the outbox relay waited on the cluster when a send took 2 s or more, or failed before it went through (a leader change). */
export const kafkaPublishHeldUp = new Histogram({
  name: 'kafka_publish_held_up_seconds',
  help: 'How long publishing waited on the Kafka cluster (sends of 2 s or more, or failing until one went through)',
  buckets: [2, 5, 10, 20, 30, 60, 120, 300],
});
export const kafkaRequests = new Counter({ name: 'kafka_requests_total', help: 'Requests sent to the Kafka broker', labelNames: ['client', 'api'] });

/** A gauge whose value is read when Prometheus scrapes (outbox backlog, consumer lag). */
export function scrapedGauge(name: string, help: string, labelNames: string[], collect: (gauge: Gauge) => Promise<void>): Gauge {
  register.removeSingleMetric(name);
  return new Gauge({
    name,
    help,
    labelNames,
    async collect() {
      await collect(this).catch(() => undefined);
    },
  });
}

const httpDuration = new Histogram({
  name: 'http_request_duration_seconds',
  help: 'HTTP request latency by method, route and status',
  labelNames: ['method', 'route', 'status'],
  buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
});

@Injectable()
export class HttpMetricsMiddleware implements NestMiddleware {
  use(request: Request, response: Response, next: NextFunction): void {
    const stop = httpDuration.startTimer({ method: request.method });
    response.on('finish', () => {
      const route = (request.route as { path?: string } | undefined)?.path ?? 'unmatched';
      stop({ route: `${request.baseUrl}${route}`, status: String(response.statusCode) });
    });
    next();
  }
}

@ApiExcludeController()
@Controller('metrics')
export class MetricsController {
  @Get()
  @Header('Content-Type', register.contentType)
  metrics(): Promise<string> {
    return register.metrics();
  }
}
