import { Module } from '@nestjs/common';
import { PagesModule } from '../pages/pages.module';
import { StaffApiModule } from '../staff-api/staff-api.module';
import { ApplicationPageController } from './application-page.controller';
import { RecordApplicationPageController } from './record-application-page.controller';

/** Recording an application, following it to its decision, and its hand-over sheet (R25). */
@Module({ imports: [PagesModule, StaffApiModule], controllers: [RecordApplicationPageController, ApplicationPageController] })
export class ApplicationsModule {}
