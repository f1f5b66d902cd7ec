import { DynamicModule, Module } from '@nestjs/common';
import { dataSourceOptions, loggingParams } from '@client-gate/platform';
import { TypeOrmModule } from '@nestjs/typeorm';
import { LoggerModule } from 'nestjs-pino';
import { ApplicationsModule } from './applications/applications.module';
import { AppointmentsModule } from './appointments/appointments.module';
import { SignInModule } from './auth/sign-in.module';
import { DeskConfigModule } from './config.module';
import { DeskEnv } from './config';
import { DeskSessions1765000000100 } from './database/migrations/1765000000100-desk-sessions';
import { GatewaysModule } from './gateways/gateways.module';
import { HealthModule } from './health/health.module';
import { PagesModule } from './pages/pages.module';

/**
 * The officers' desk (R25): pages over intake's and registry's staff APIs; its database holds only sessions; no
 * broker. One module per feature; this one only composes them.
 */
@Module({})
export class AppModule {
  static register(env: DeskEnv): DynamicModule {
    return {
      module: AppModule,
      imports: [
        LoggerModule.forRoot(loggingParams('desk', env.LOG_LEVEL)),
        TypeOrmModule.forRoot({
          ...dataSourceOptions({ url: env.DATABASE_URL, poolMax: env.DATABASE_POOL_MAX, entities: [], migrations: [DeskSessions1765000000100], platformTables: false, limits: env }),
          // Wait for the database with back-off rather than crash, as the services do.
          retryAttempts: Number.MAX_SAFE_INTEGER,
          retryDelay: 2000,
        }),
        DeskConfigModule.register(env),
        PagesModule,
        SignInModule,
        AppointmentsModule,
        ApplicationsModule,
        GatewaysModule,
        HealthModule,
      ],
    };
  }
}
