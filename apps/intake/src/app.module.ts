import { DynamicModule, Module } from '@nestjs/common';
import { PlatformModule } from '@client-gate/platform';
import { BookAppointmentController } from './appointments/commands/book-appointment/book-appointment.controller';
import { BookAppointmentService } from './appointments/commands/book-appointment/book-appointment.service';
import { EraseUnusedAppointmentsJob } from './appointments/commands/erase-unused-appointments/erase-unused-appointments.job';
import { Appointment } from './appointments/appointment.entity';
import { GetAppointmentController } from './appointments/queries/get-appointment/get-appointment.controller';
import { ListAppointmentsController } from './appointments/queries/list-appointments/list-appointments.controller';
import { Application } from './applications/application.entity';
import { SubmitApplicationController } from './applications/commands/submit-application/submit-application.controller';
import { SubmitApplicationService } from './applications/commands/submit-application/submit-application.service';
import { ApplicationDecidedConsumer } from './applications/events/application-decided.consumer';
import { GetApplicationController } from './applications/queries/get-application/get-application.controller';
import { IntakeEnv } from './config';
import { IntakeTables1764000000100 } from './database/migrations/1764000000100-intake-tables';
import { AppointmentErasable1764000000101 } from './database/migrations/1764000000101-appointment-erasable';
import { AppointmentDayIndex1764000000102 } from './database/migrations/1764000000102-appointment-day-index';
import { UnusedAppointmentErasure1764000000103 } from './database/migrations/1764000000103-unused-appointment-erasure';

@Module({})
export class AppModule {
  static register(env: IntakeEnv): DynamicModule {
    return {
      module: AppModule,
      imports: [
        PlatformModule.forService({
          name: 'intake',
          env,
          entities: [Appointment, Application],
          migrations: [IntakeTables1764000000100, AppointmentErasable1764000000101, AppointmentDayIndex1764000000102, UnusedAppointmentErasure1764000000103],
        }),
      ],
      controllers: [BookAppointmentController, ListAppointmentsController, GetAppointmentController, SubmitApplicationController, GetApplicationController, ApplicationDecidedConsumer],
      providers: [BookAppointmentService, SubmitApplicationService, EraseUnusedAppointmentsJob],
    };
  }
}
