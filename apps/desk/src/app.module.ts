import { DynamicModule, Module } from '@nestjs/common';
import { loggingParams } from '@client-gate/platform';
import { LoggerModule } from 'nestjs-pino';
import { ApplicationPageController } from './applications/application-page.controller';
import { RecordApplicationPageController } from './applications/record-application-page.controller';
import { AppointmentsPageController } from './appointments/appointments-page.controller';
import { AuthController } from './auth/auth.controller';
import { OfficerSignIn } from './auth/officer-sign-in';
import { Sessions } from './auth/sessions';
import { SignedInGuard } from './auth/signed-in.guard';
import { DESK_ENV, DeskEnv } from './config';
import { GatewaysPageController } from './gateways/gateways-page.controller';
import { HealthController } from './health.controller';
import { AssetsController } from './pages/assets.controller';
import { ConsulateCalendar } from './pages/consulate-calendar';
import { DeskErrorFilter } from './pages/desk-error.filter';
import { DeskPages } from './pages/desk-pages';
import { HomePageController } from './pages/home-page.controller';
import { StaffApi } from './staff-api/staff-api';

/** The officers' desk (R25): pages over intake's and registry's staff APIs; no database, no broker. */
@Module({})
export class AppModule {
  static register(env: DeskEnv): DynamicModule {
    return {
      module: AppModule,
      imports: [LoggerModule.forRoot(loggingParams('desk', env.LOG_LEVEL))],
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
      providers: [{ provide: DESK_ENV, useValue: env }, OfficerSignIn, Sessions, SignedInGuard, StaffApi, ConsulateCalendar, DeskPages, DeskErrorFilter],
    };
  }
}
