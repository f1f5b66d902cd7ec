import { Module } from '@nestjs/common';
import { ActivityModule } from '../activity/activity.module';
import { ClientAuthGuard } from './client-auth.guard';
import { ClientSession } from './client-session.entity';
import { EndSessionsController } from './commands/end-sessions/end-sessions.controller';
import { EndSessionsService } from './commands/end-sessions/end-sessions.service';
import { LogoutController } from './commands/logout/logout.controller';
import { LogoutService } from './commands/logout/logout.service';
import { DisavowalToken } from './disavowal-token.entity';
import { KnownBrowser } from './known-browser.entity';
import { KnownBrowsers } from './known-browsers.service';
import { NewSignInNotices } from './new-sign-in-notices.service';
import { ListSessionsController } from './queries/list-sessions/list-sessions.controller';
import { Sessions } from './sessions.service';

/** R24, R26: client sessions (bearer tokens and the pages' cookie), the browsers they come from, new-sign-in notices. */
@Module({
  imports: [ActivityModule],
  controllers: [LogoutController, ListSessionsController, EndSessionsController],
  providers: [Sessions, ClientAuthGuard, KnownBrowsers, NewSignInNotices, LogoutService, EndSessionsService],
  exports: [Sessions, ClientAuthGuard, KnownBrowsers, NewSignInNotices, LogoutService, EndSessionsService],
})
export class SessionsModule {
  static readonly entities = [ClientSession, KnownBrowser, DisavowalToken];
}
