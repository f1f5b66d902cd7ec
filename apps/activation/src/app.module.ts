import { DynamicModule, Module } from '@nestjs/common';
import { PlatformModule } from '@client-gate/platform';
import { Account } from './accounts/account.entity';
import { RegistryGatewayConsumer } from './accounts/events/registry-gateway.consumer';
import { CodeIssuer } from './codes/code-issuer.service';
import { CodeRedeemer } from './codes/code-redeemer.service';
import { OneTimeCode } from './codes/one-time-code.entity';
import { ACTIVATION_ENV, ActivationEnv } from './config';
import { ActivateController } from './credentials/commands/activate/activate.controller';
import { ActivateService } from './credentials/commands/activate/activate.service';
import { ForgottenPasswordController } from './credentials/commands/forgotten-password/forgotten-password.controller';
import { ForgottenPasswordService } from './credentials/commands/forgotten-password/forgotten-password.service';
import { LoginController } from './credentials/commands/login/login.controller';
import { LoginService } from './credentials/commands/login/login.service';
import { PasswordResetController } from './credentials/commands/password-reset/password-reset.controller';
import { PasswordResetService } from './credentials/commands/password-reset/password-reset.service';
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
      controllers: [
        ActivateController,
        ForgottenPasswordController,
        PasswordResetController,
        LoginController,
        RegistryGatewayConsumer,
      ],
      providers: [
        { provide: ACTIVATION_ENV, useValue: env },
        CodeIssuer,
        CodeRedeemer,
        PasswordHasher,
        ActivateService,
        ForgottenPasswordService,
        PasswordResetService,
        LoginService,
      ],
    };
  }
}
