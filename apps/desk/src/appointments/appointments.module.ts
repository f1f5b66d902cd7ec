import { Module } from '@nestjs/common';
import { PagesModule } from '../pages/pages.module';
import { StaffApiModule } from '../staff-api/staff-api.module';
import { AppointmentsPageController } from './appointments-page.controller';

/** The consulate's appointments of a day, and booking one (R4, R25). */
@Module({ imports: [PagesModule, StaffApiModule], controllers: [AppointmentsPageController] })
export class AppointmentsModule {}
