import { DynamicModule, Module } from '@nestjs/common';
import { PlatformModule } from '@client-gate/platform';
import { ReauthenticateController } from './account/commands/reauthenticate/reauthenticate.controller';
import { ReauthenticateService } from './account/commands/reauthenticate/reauthenticate.service';
import { ReportNotMeController } from './account/commands/report-not-me/report-not-me.controller';
import { ReportNotMeService } from './account/commands/report-not-me/report-not-me.service';
import { ListActivityController } from './activity/queries/list-activity/list-activity.controller';
import { RenewRemovalCodeController } from './second-factor/commands/renew-removal-code/renew-removal-code.controller';
import { RenewRemovalCodeService } from './second-factor/commands/renew-removal-code/renew-removal-code.service';
import { EndSessionsController } from './sessions/commands/end-sessions/end-sessions.controller';
import { EndSessionsService } from './sessions/commands/end-sessions/end-sessions.service';
import { ListSessionsController } from './sessions/queries/list-sessions/list-sessions.controller';
import { DisavowalToken } from './sessions/disavowal-token.entity';
import { NewSignInNotices } from './sessions/new-sign-in-notices.service';
import { AccountActivity } from './activity/account-activity.entity';
import { ActivityLog } from './activity/activity-log.service';
import { AccountSecurity1764000000700 } from './database/migrations/1764000000700-account-security';
import { FactorProof } from './second-factor/factor-proof.service';
import { FactorRemoval } from './second-factor/factor-removal.service';
import { KnownBrowser } from './sessions/known-browser.entity';
import { KnownBrowsers } from './sessions/known-browsers.service';
import { Account } from './account/account.entity';
import { RegistryGatewayConsumer } from './account/events/registry-gateway.consumer';
import { CodeIssuer } from './codes/code-issuer.service';
import { CodeRedeemer } from './codes/code-redeemer.service';
import { OneTimeCode } from './codes/one-time-code.entity';
import { ACTIVATION_ENV, ActivationEnv } from './config';
import { ActivateController } from './credentials/commands/activate/activate.controller';
import { ActivateService } from './credentials/commands/activate/activate.service';
import { ForgottenPasswordRequest } from './credentials/commands/forgotten-password/forgotten-password-request.entity';
import { ForgottenPasswordController } from './credentials/commands/forgotten-password/forgotten-password.controller';
import { ForgottenPasswordService } from './credentials/commands/forgotten-password/forgotten-password.service';
import { LoginController } from './credentials/commands/login/login.controller';
import { LoginService } from './credentials/commands/login/login.service';
import { PasswordResetController } from './credentials/commands/password-reset/password-reset.controller';
import { PasswordResetService } from './credentials/commands/password-reset/password-reset.service';
import { PasswordHasher } from './credentials/password-hasher';
import { AttemptThrottleRecord } from './credentials/throttling/attempt-throttle.entity';
import { AttemptThrottle } from './credentials/throttling/attempt-throttle.service';
import { CodeAttempts } from './credentials/throttling/code-attempts';
import { ActivationTables1764000000300 } from './database/migrations/1764000000300-activation-tables';
import { AttemptThrottle1764000000500 } from './database/migrations/1764000000500-attempt-throttle';
import { ForgottenPasswordRequest1764000000610 } from './database/migrations/1764000000610-forgotten-password-request';
import { SecondFactor1764000000600 } from './database/migrations/1764000000600-second-factor';
import { ChangePasswordController } from './account/commands/change-password/change-password.controller';
import { ChangePasswordService } from './account/commands/change-password/change-password.service';
import { ShowAccountController } from './account/queries/show-account/show-account.controller';
import { ShowAccountService } from './account/queries/show-account/show-account.service';
import { NewPasswords } from './credentials/new-passwords.service';
import { CompleteLoginController } from './second-factor/commands/complete-login/complete-login.controller';
import { CompleteLoginService } from './second-factor/commands/complete-login/complete-login.service';
import { EnrolController } from './second-factor/commands/enrol/enrol.controller';
import { EnrolService } from './second-factor/commands/enrol/enrol.service';
import { RemoveController } from './second-factor/commands/remove/remove.controller';
import { RemoveService } from './second-factor/commands/remove/remove.service';
import { FactorSecrets } from './second-factor/factor-secrets.service';
import { LoginOutcomes } from './second-factor/login-outcomes.service';
import { LoginChallenge, PendingFactor, SecondFactor } from './second-factor/second-factor.entity';
import { ClientAuthGuard } from './sessions/client-auth.guard';
import { ClientSession } from './sessions/client-session.entity';
import { LogoutController } from './sessions/commands/logout/logout.controller';
import { LogoutService } from './sessions/commands/logout/logout.service';
import { Sessions } from './sessions/sessions.service';
import { ActivatePageController } from './pages/activate-page.controller';
import { ForgottenPasswordPageController } from './pages/forgotten-password-page.controller';
import { AccountPageController } from './pages/account-page.controller';
import { AccountViews } from './pages/account-views';
import { NotMePageController } from './pages/not-me-page.controller';
import { ReauthenticatePageController } from './pages/reauthenticate-page.controller';
import { LoginPageController } from './pages/login-page.controller';
import { PageClients } from './pages/page-clients';
import { SecondFactorPageController } from './pages/second-factor-page.controller';
import { PageResponder } from './pages/page-responder';
import { ResetPasswordPageController } from './pages/reset-password-page.controller';
import { StylesheetController } from './pages/stylesheet.controller';

@Module({})
export class AppModule {
  static register(env: ActivationEnv): DynamicModule {
    return {
      module: AppModule,
      imports: [
        PlatformModule.forService({
          name: 'activation',
          env,
          entities: [
            Account, OneTimeCode, AttemptThrottleRecord, SecondFactor, PendingFactor, LoginChallenge, ClientSession, ForgottenPasswordRequest,
            AccountActivity, KnownBrowser, DisavowalToken,
          ],
          migrations: [
            ActivationTables1764000000300, AttemptThrottle1764000000500, SecondFactor1764000000600, ForgottenPasswordRequest1764000000610,
            AccountSecurity1764000000700,
          ],
        }),
      ],
      controllers: [
        // The pages first: their form posts (and GET /account from a browser) must reach them before the JSON
        // API's handlers on the same paths, to which they hand every other request.
        ActivatePageController,
        ResetPasswordPageController,
        ForgottenPasswordPageController,
        LoginPageController,
        SecondFactorPageController,
        AccountPageController,
        ReauthenticatePageController,
        NotMePageController,
        StylesheetController,
        ActivateController,
        ForgottenPasswordController,
        PasswordResetController,
        LoginController,
        CompleteLoginController,
        EnrolController,
        RemoveController,
        ShowAccountController,
        ChangePasswordController,
        LogoutController,
        ListSessionsController,
        EndSessionsController,
        ListActivityController,
        ReauthenticateController,
        RenewRemovalCodeController,
        ReportNotMeController,
        RegistryGatewayConsumer,
      ],
      providers: [
        { provide: ACTIVATION_ENV, useValue: env },
        CodeIssuer,
        CodeRedeemer,
        PasswordHasher,
        AttemptThrottle,
        CodeAttempts,
        ActivateService,
        ForgottenPasswordService,
        PasswordResetService,
        LoginService,
        NewPasswords,
        Sessions,
        ClientAuthGuard,
        FactorSecrets,
        FactorProof,
        FactorRemoval,
        ActivityLog,
        KnownBrowsers,
        NewSignInNotices,
        LoginOutcomes,
        CompleteLoginService,
        EnrolService,
        RemoveService,
        ShowAccountService,
        ChangePasswordService,
        LogoutService,
        EndSessionsService,
        ReauthenticateService,
        RenewRemovalCodeService,
        ReportNotMeService,
        PageResponder,
        PageClients,
        AccountViews,
      ],
    };
  }
}
