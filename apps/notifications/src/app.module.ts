import { DynamicModule, Module, OnApplicationBootstrap } from '@nestjs/common';
import { PlatformModule } from '@client-gate/platform';
import { CodeIssuedConsumer } from './codes/events/code-issued.consumer';
import { NOTIFICATIONS_ENV, NotificationsEnv } from './config';
import { Courier } from './courier/courier.service';
import { Delivery } from './courier/delivery.entity';
import { CredentialEventsConsumer } from './credentials/events/credential-events.consumer';
import { NotificationsTables1764000000400 } from './database/migrations/1764000000400-notifications-tables';
import { RecipientsRemindersErasure1764000000401 } from './database/migrations/1764000000401-recipients-reminders-erasure';
import { DeliveryLease1764000000411 } from './database/migrations/1764000000411-delivery-lease';
import { ErasedGateway } from './erasure/erased-gateway.entity';
import { Erasure } from './erasure/erasure.service';
import { SecondFactorEventsConsumer } from './credentials/events/second-factor-events.consumer';
import { GatewayEventsConsumer } from './gateways/events/gateway-events.consumer';
import { Recipient } from './recipients/recipient.entity';
import { Recipients } from './recipients/recipients.service';
import { SendDueRemindersJob } from './reminders/jobs/send-due-reminders.job';
import { ReminderScheduler } from './reminders/reminder-scheduler.service';
import { Reminder } from './reminders/reminder.entity';

@Module({})
export class AppModule implements OnApplicationBootstrap {
  constructor(private readonly courier: Courier) {}

  static register(env: NotificationsEnv): DynamicModule {
    return {
      module: AppModule,
      imports: [
        PlatformModule.forService({
          name: 'notifications',
          env,
          entities: [Delivery, Recipient, Reminder, ErasedGateway],
          migrations: [NotificationsTables1764000000400, RecipientsRemindersErasure1764000000401, DeliveryLease1764000000411],
        }),
      ],
      controllers: [CodeIssuedConsumer, GatewayEventsConsumer, CredentialEventsConsumer, SecondFactorEventsConsumer],
      providers: [
        { provide: NOTIFICATIONS_ENV, useValue: env },
        Courier,
        Recipients,
        ReminderScheduler,
        Erasure,
        SendDueRemindersJob,
      ],
    };
  }

  onApplicationBootstrap(): void {
    this.courier.start();
  }
}
