import { DynamicModule, Module } from '@nestjs/common';
import { PlatformModule } from '@client-gate/platform';
import { Account } from './accounts/account.entity';
import { GatewayRegisteredConsumer } from './accounts/events/gateway-registered.consumer';
import { CodeIssuer } from './codes/code-issuer.service';
import { OneTimeCode } from './codes/one-time-code.entity';
import { ACTIVATION_ENV, ActivationEnv } from './config';
import { ActivateController } from './credentials/commands/activate/activate.controller';
import { ActivateService } from './credentials/commands/activate/activate.service';
import { LoginController } from './credentials/commands/login/login.controller';
import { LoginService } from './credentials/commands/login/login.service';
import { PasswordHasher } from './credentials/password-hasher';
import { ActivationTables1764000000300 } from './database/migrations/1764000000300-activation-tables';

@Module({})
export class AppModule {
  static register(env: ActivationEnv): DynamicModule {
    return {
      module: AppModule,
      imports: [
        PlatformModule.forService({
          name: 'activation',
          env,
          entities: [Account, OneTimeCode],
          migrations: [ActivationTables1764000000300],
        }),
      ],
      controllers: [ActivateController, LoginController, GatewayRegisteredConsumer],
      providers: [{ provide: ACTIVATION_ENV, useValue: env }, CodeIssuer, PasswordHasher, ActivateService, LoginService],
    };
  }
}
