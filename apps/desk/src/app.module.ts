import { DynamicModule, Module } from '@nestjs/common';
import { dataSourceOptions, loggingParams } from '@client-gate/platform';
import { TypeOrmModule } from '@nestjs/typeorm';
import { LoggerModule } from 'nestjs-pino';
import { ApplicationPageController } from './applications/application-page.controller';
import { RecordApplicationPageController } from './applications/record-application-page.controller';
import { AppointmentsPageController } from './appointments/appointments-page.controller';
import { AuthController } from './auth/auth.controller';
import { OfficerSignIn } from './auth/officer-sign-in';
import { PendingSignIns } from './auth/pending-sign-ins';
import { SessionCookies } from './auth/session-cookies';
import { Sessions } from './auth/sessions';
import { SignedInGuard } from './auth/signed-in.guard';
import { DESK_ENV, DeskEnv } from './config';
import { DeskSessions1765000000100 } from './database/migrations/1765000000100-desk-sessions';
import { GatewaysPageController } from './gateways/gateways-page.controller';
import { HealthController } from './health.controller';
import { AssetsController } from './pages/assets.controller';
import { ConsulateCalendar } from './pages/consulate-calendar';
import { DeskErrorFilter } from './pages/desk-error.filter';
import { DeskPages } from './pages/desk-pages';
import { HomePageController } from './pages/home-page.controller';
import { StaffApi } from './staff-api/staff-api';

/** The officers' desk (R25): pages over intake's and registry's staff APIs; its database holds only sessions; no broker. */
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
      ],
      controllers: [
        HomePageController,
        AuthController,
        AppointmentsPageController,
        RecordApplicationPageController,
        ApplicationPageController,
        GatewaysPageController,
        AssetsController,
        HealthController,
      ],
      providers: [{ provide: DESK_ENV, useValue: env }, OfficerSignIn, PendingSignIns, Sessions, SessionCookies, SignedInGuard, StaffApi, ConsulateCalendar, DeskPages, DeskErrorFilter],
    };
  }
}
