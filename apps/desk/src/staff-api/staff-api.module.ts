import { Module } from '@nestjs/common';
import { StaffApi } from './staff-api';

/** Intake's and registry's staff APIs, called with the officer's access token. */
@Module({ providers: [StaffApi], exports: [StaffApi] })
export class StaffApiModule {}
