import { Module } from '@nestjs/common';
import { AccountModule } from '../account/account.module';
import { ActivityModule } from '../activity/activity.module';
import { CredentialsModule } from '../credentials/credentials.module';
import { SecondFactorModule } from '../second-factor/second-factor.module';
import { SessionsModule } from '../sessions/sessions.module';
import { AccountPageController } from './account-page.controller';
import { AccountViews } from './account-views';
import { ActivatePageController } from './activate-page.controller';
import { ForgottenPasswordPageController } from './forgotten-password-page.controller';
import { LoginPageController } from './login-page.controller';
import { NotMePageController } from './not-me-page.controller';
import { PageClients } from './page-clients';
import { PageResponder } from './page-responder';
import { ReauthenticatePageController } from './reauthenticate-page.controller';
import { ResetPasswordPageController } from './reset-password-page.controller';
import { SecondFactorPageController } from './second-factor-page.controller';
import { StylesheetController } from './stylesheet.controller';

/**
 * SPEC §3's web pages over the features' services. AppModule imports it before them: its form posts (and GET
 * /account from a browser) must reach it before the JSON API's handlers on the same paths, to which it hands
 * every other request.
 */
@Module({
  imports: [AccountModule, CredentialsModule, SecondFactorModule, SessionsModule, ActivityModule],
  controllers: [
    ActivatePageController,
    ResetPasswordPageController,
    ForgottenPasswordPageController,
    LoginPageController,
    SecondFactorPageController,
    AccountPageController,
    ReauthenticatePageController,
    NotMePageController,
    StylesheetController,
  ],
  providers: [PageResponder, PageClients, AccountViews],
})
export class PagesModule {}
