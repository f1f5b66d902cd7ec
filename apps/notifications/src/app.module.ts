import { DynamicModule, Module, OnApplicationBootstrap } from '@nestjs/common';
import { PlatformModule } from '@client-gate/platform';
import { CodeIssuedConsumer } from './codes/events/code-issued.consumer';
import { NOTIFICATIONS_ENV, NotificationsEnv } from './config';
import { Courier } from './courier/courier.service';
import { Delivery } from './courier/delivery.entity';
import { NotificationsTables1764000000400 } from './database/migrations/1764000000400-notifications-tables';

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
          entities: [Delivery],
          migrations: [NotificationsTables1764000000400],
        }),
      ],
      controllers: [CodeIssuedConsumer],
      providers: [{ provide: NOTIFICATIONS_ENV, useValue: env }, Courier],
    };
  }

  onApplicationBootstrap(): void {
    this.courier.start();
  }
}
