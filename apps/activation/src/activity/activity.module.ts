import { Module } from '@nestjs/common';
import { AccountActivity } from './account-activity.entity';
import { ActivityLog } from './activity-log.service';

/** R26: the account's activity, written by every feature in the transaction of its change, and pruned (the account lists it). */
@Module({
  providers: [ActivityLog],
  exports: [ActivityLog],
})
export class ActivityModule {
  static readonly entities = [AccountActivity];
}
