import { DynamicModule, Module } from '@nestjs/common';
import { PlatformModule } from '@client-gate/platform';
import { AccountModule } from './account/account.module';
import { ActivityModule } from './activity/activity.module';
import { CodesModule } from './codes/codes.module';
import { ACTIVATION_ENV, ActivationEnv } from './config';
import { CredentialsModule } from './credentials/credentials.module';
import { PasswordChecksModule } from './credentials/password-checks.module';
import { ActivationTables1764000000300 } from './database/migrations/1764000000300-activation-tables';
import { AttemptThrottle1764000000500 } from './database/migrations/1764000000500-attempt-throttle';
import { SecondFactor1764000000600 } from './database/migrations/1764000000600-second-factor';
import { ForgottenPasswordRequest1764000000610 } from './database/migrations/1764000000610-forgotten-password-request';
import { AccountSecurity1764000000700 } from './database/migrations/1764000000700-account-security';
import { SeveralFactors1764000000800 } from './database/migrations/1764000000800-several-factors';
import { Passkeys1764000000900 } from './database/migrations/1764000000900-passkeys';
import { PagesModule } from './pages/pages.module';
import { SecondFactorModule } from './second-factor/second-factor.module';
import { SessionsModule } from './sessions/sessions.module';

/** The service's settings, for every feature module. */
@Module({})
class ActivationEnvModule {
  static register(env: ActivationEnv): DynamicModule {
    return { module: ActivationEnvModule, global: true, providers: [{ provide: ACTIVATION_ENV, useValue: env }], exports: [ACTIVATION_ENV] };
  }
}

/** Composes the features; the pages come first, so that their routes are matched before the JSON API's (PagesModule). */
@Module({})
export class AppModule {
  static register(env: ActivationEnv): DynamicModule {
    const features = [PagesModule, AccountModule, CredentialsModule, SecondFactorModule, SessionsModule, CodesModule, PasswordChecksModule, ActivityModule];
    return {
      module: AppModule,
      imports: [
        PlatformModule.forService({
          name: 'activation',
          env,
          entities: [
            ...AccountModule.entities,
            ...CodesModule.entities,
            ...PasswordChecksModule.entities,
            ...CredentialsModule.entities,
            ...SecondFactorModule.entities,
            ...SessionsModule.entities,
            ...ActivityModule.entities,
          ],
          migrations: [
            ActivationTables1764000000300,
            AttemptThrottle1764000000500,
            SecondFactor1764000000600,
            ForgottenPasswordRequest1764000000610,
            AccountSecurity1764000000700,
            SeveralFactors1764000000800,
            Passkeys1764000000900,
          ],
        }),
        ActivationEnvModule.register(env),
        ...features,
      ],
    };
  }
}
