import { Module } from '@nestjs/common';
import { ActivityModule } from '../activity/activity.module';
import { CodesModule } from '../codes/codes.module';
import { CredentialsModule } from '../credentials/credentials.module';
import { PasswordChecksModule } from '../credentials/password-checks.module';
import { SecondFactorModule } from '../second-factor/second-factor.module';
import { SessionsModule } from '../sessions/sessions.module';
import { Account } from './account.entity';
import { ChangePasswordController } from './commands/change-password/change-password.controller';
import { ChangePasswordService } from './commands/change-password/change-password.service';
import { ReauthenticateController } from './commands/reauthenticate/reauthenticate.controller';
import { ReauthenticateService } from './commands/reauthenticate/reauthenticate.service';
import { ReportNotMeController } from './commands/report-not-me/report-not-me.controller';
import { ReportNotMeService } from './commands/report-not-me/report-not-me.service';
import { ListActivityController } from './queries/list-activity/list-activity.controller';
import { RegistryGatewayConsumer } from './events/registry-gateway.consumer';
import { ShowAccountController } from './queries/show-account/show-account.controller';
import { ShowAccountService } from './queries/show-account/show-account.service';

/** R9, R12, R17, R18, R24, R26: the client's account: kept in step with registry, shown, its password and security. */
@Module({
  imports: [PasswordChecksModule, CodesModule, CredentialsModule, SecondFactorModule, SessionsModule, ActivityModule],
  controllers: [ShowAccountController, ListActivityController, ChangePasswordController, ReauthenticateController, ReportNotMeController, RegistryGatewayConsumer],
  providers: [ShowAccountService, ChangePasswordService, ReauthenticateService, ReportNotMeService],
  exports: [ShowAccountService, ChangePasswordService, ReauthenticateService, ReportNotMeService],
})
export class AccountModule {
  static readonly entities = [Account];
}
