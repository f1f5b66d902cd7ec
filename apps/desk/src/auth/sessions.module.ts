import { Module } from '@nestjs/common';
import { OfficerSignIn } from './officer-sign-in';
import { PendingSignIns } from './pending-sign-ins';
import { SessionCookies } from './session-cookies';
import { Sessions } from './sessions';
import { SignedInGuard } from './signed-in.guard';

/** Officers' sessions (R25): the provider, the sign-ins in progress and the sessions in the desk's database, their cookies and the guard. */
@Module({
  providers: [OfficerSignIn, PendingSignIns, Sessions, SessionCookies, SignedInGuard],
  exports: [OfficerSignIn, PendingSignIns, Sessions, SessionCookies, SignedInGuard],
})
export class SessionsModule {}
