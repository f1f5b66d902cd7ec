import { Module } from '@nestjs/common';
import { ActivityModule } from '../activity/activity.module';
import { CodesModule } from '../codes/codes.module';
import { SecondFactorModule } from '../second-factor/second-factor.module';
import { SessionsModule } from '../sessions/sessions.module';
import { ActivateController } from './commands/activate/activate.controller';
import { ActivateService } from './commands/activate/activate.service';
import { ForgottenPasswordRequest } from './commands/forgotten-password/forgotten-password-request.entity';
import { ForgottenPasswordController } from './commands/forgotten-password/forgotten-password.controller';
import { ForgottenPasswordService } from './commands/forgotten-password/forgotten-password.service';
import { LoginController } from './commands/login/login.controller';
import { LoginService } from './commands/login/login.service';
import { PasswordResetController } from './commands/password-reset/password-reset.controller';
import { PasswordResetService } from './commands/password-reset/password-reset.service';
import { NewPasswords } from './new-passwords.service';
import { PasswordChecksModule } from './password-checks.module';
import { CodeAttempts } from './throttling/code-attempts';

/** R10, R11, R13, R14: activation, forgotten password, password reset and the login's first step. */
@Module({
  imports: [PasswordChecksModule, CodesModule, SecondFactorModule, SessionsModule, ActivityModule],
  controllers: [ActivateController, ForgottenPasswordController, PasswordResetController, LoginController],
  providers: [NewPasswords, CodeAttempts, ActivateService, ForgottenPasswordService, PasswordResetService, LoginService],
  exports: [NewPasswords, ActivateService, ForgottenPasswordService, PasswordResetService, LoginService],
})
export class CredentialsModule {
  static readonly entities = [ForgottenPasswordRequest];
}
