import { DynamicModule, Global, MiddlewareConsumer, Module, NestModule } from '@nestjs/common';
import { ScheduleModule } from '@nestjs/schedule';
import { TerminusModule } from '@nestjs/terminus';
import { TypeOrmModule } from '@nestjs/typeorm';
import { LoggerModule } from 'nestjs-pino';
import { PortalGuard, STAFF_AUTHENTICATION, StaffAuthentication, StaffGuard, STAFF_TOKEN_SECRET } from './auth/guards';
import { ProviderAccessTokens } from './auth/provider-tokens';
import { Clock, DAY_MS, SystemClock } from './clock/clock';
import { ClockSync } from './clock/clock-sync';
import { ControllableClock } from './clock/controllable-clock';
import { ServiceEnv } from './config/env';
import { dataSourceOptions, DatabaseSettings } from './database/data-source-options';
import { DeadLetters } from './messaging/dead-letters';
import { CONSUMER_STALL_MS, ConsumerLiveness } from './messaging/consumer-liveness';
import { EventInbox } from './messaging/event-inbox';
import { EventPublisher } from './messaging/event-publisher';
import { KAFKA_BROKER_LIST, KAFKA_TIME_LIMITS, KafkaConnection } from './messaging/kafka-connection';
import { OutboxRelay } from './messaging/outbox-relay';
import { PruneProcessedEventsJob } from './messaging/prune-processed-events.job';
import { KAFKA_REPLICATION } from './messaging/replication';
import { TOPIC_RETENTION } from './messaging/topic-settings';
import { SERVICE_NAME } from './messaging/tokens';
import { UnitOfWork } from './messaging/unit-of-work';
import { Jobs } from './jobs/jobs';
import { OpsController } from './jobs/ops.controller';
import { HealthController } from './observability/health.controller';
import { loggingParams } from './observability/logging';
import { HttpMetricsMiddleware, MetricsController } from './observability/metrics';
import { TraceMiddleware } from './observability/trace.middleware';

export interface ServiceDefinition {
  name: string;
  env: ServiceEnv;
  entities: DatabaseSettings['entities'];
  migrations: DatabaseSettings['migrations'];
}

/** What every service has: its database, Kafka, outbox and inbox, clock, guards, health, metrics, logs. */
@Global()
@Module({})
export class PlatformModule implements NestModule {
  static forService(service: ServiceDefinition): DynamicModule {
    const { env } = service;
    const providers = [
      { provide: SERVICE_NAME, useValue: service.name },
      { provide: KAFKA_BROKER_LIST, useValue: env.KAFKA_BROKERS },
      { provide: KAFKA_TIME_LIMITS, useValue: env },
      {
        provide: KAFKA_REPLICATION,
        useValue: { replicationFactor: env.KAFKA_REPLICATION_FACTOR, minInsyncReplicas: env.KAFKA_MIN_INSYNC_REPLICAS, refuseShortfall: env.NODE_ENV === 'production' },
      },
      { provide: CONSUMER_STALL_MS, useValue: env.CONSUMER_STALL_SECONDS * 1000 },
      ConsumerLiveness,
      { provide: STAFF_TOKEN_SECRET, useValue: env.STAFF_TOKEN_SECRET },
      { provide: STAFF_AUTHENTICATION, useValue: staffAuthentication(env) },
      {
        provide: TOPIC_RETENTION,
        useValue: { eventsMs: Math.round(env.KAFKA_EVENT_RETENTION_DAYS * DAY_MS), auditMs: Math.round(env.KAFKA_AUDIT_RETENTION_DAYS * DAY_MS) },
      },
      { provide: Clock, useValue: env.CLOCK === 'controllable' ? new ControllableClock() : new SystemClock() },
      KafkaConnection,
      OutboxRelay,
      EventPublisher,
      UnitOfWork,
      DeadLetters,
      EventInbox,
      StaffGuard,
      PortalGuard,
      ClockSync,
      Jobs,
      PruneProcessedEventsJob,
    ];
    const controllable = env.CLOCK === 'controllable';
    return {
      module: PlatformModule,
      imports: [
        LoggerModule.forRoot(loggingParams(service.name, env.LOG_LEVEL)),
        TypeOrmModule.forRoot({
          ...dataSourceOptions({
            url: env.DATABASE_URL,
            poolMax: env.DATABASE_POOL_MAX,
            entities: service.entities,
            migrations: service.migrations,
            limits: env,
          }),
          // Wait for the database with back-off rather than crash (Nest logs each retry and why).
          retryAttempts: Number.MAX_SAFE_INTEGER,
          retryDelay: 2000,
        }),
        TerminusModule,
        ScheduleModule.forRoot(),
      ],
      // The ops endpoints exist only where the clock may be moved: never in production.
      controllers: [HealthController, MetricsController, ...(controllable ? [OpsController] : [])],
      providers,
      exports: providers,
    };
  }

  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(TraceMiddleware, HttpMetricsMiddleware).forRoutes('*');
  }
}

function staffAuthentication(env: ServiceEnv): StaffAuthentication {
  return {
    provider: env.OIDC_ISSUER
      ? new ProviderAccessTokens({
          issuer: env.OIDC_ISSUER,
          audience: env.OIDC_AUDIENCE,
          clientId: env.OIDC_CLIENT_ID,
          algorithms: env.OIDC_ALGORITHMS,
          tokenType: env.OIDC_ACCESS_TOKEN_TYPE,
          officerClaim: env.OIDC_OFFICER_CLAIM,
          consulateClaim: env.OIDC_CONSULATE_CLAIM,
        })
      : null,
    // The ops CLI's staff tokens are a development convenience, taken only when asked for (never in production).
    developmentTokens: env.DEVELOPMENT_STAFF_TOKENS === 'accept',
  };
}
