import { Module } from '@nestjs/common';
import { PagesModule } from '../pages/pages.module';
import { StaffApiModule } from '../staff-api/staff-api.module';
import { GatewaysPageController } from './gateways-page.controller';

/** Finding the consulate's gateways (R25). */
@Module({ imports: [PagesModule, StaffApiModule], controllers: [GatewaysPageController] })
export class GatewaysModule {}
