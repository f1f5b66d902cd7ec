import { Module } from '@nestjs/common';
import { SessionsModule } from '../auth/sessions.module';
import { AssetsController } from './assets.controller';
import { ConsulateCalendar } from './consulate-calendar';
import { DeskErrorFilter } from './desk-error.filter';
import { DeskPages } from './desk-pages';
import { HomePageController } from './home-page.controller';

/** What every page of the desk uses (rendering, the error filter, the consulate's calendar, sessions), the home page and the stylesheet. */
@Module({
  imports: [SessionsModule],
  controllers: [HomePageController, AssetsController],
  providers: [DeskPages, DeskErrorFilter, ConsulateCalendar],
  exports: [DeskPages, DeskErrorFilter, ConsulateCalendar, SessionsModule],
})
export class PagesModule {}
