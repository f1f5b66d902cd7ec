import { Module } from '@nestjs/common';
import { ActivityModule } from '../activity/activity.module';
import { PasswordChecksModule } from '../credentials/password-checks.module';
import { SessionsModule } from '../sessions/sessions.module';
import { ChooseMethodController } from './commands/choose-method/choose-method.controller';
import { ChooseMethodService } from './commands/choose-method/choose-method.service';
import { CompleteLoginController } from './commands/complete-login/complete-login.controller';
import { CompleteLoginService } from './commands/complete-login/complete-login.service';
import { EnrolController } from './commands/enrol/enrol.controller';
import { EnrolService } from './commands/enrol/enrol.service';
import { EnrolPasskeyController } from './commands/enrol-passkey/enrol-passkey.controller';
import { EnrolPasskeyService } from './commands/enrol-passkey/enrol-passkey.service';
import { PasskeyCeremonies } from './passkeys/passkey-ceremonies.service';
import { RemoveController } from './commands/remove/remove.controller';
import { RemoveService } from './commands/remove/remove.service';
import { RenewRemovalCodeController } from './commands/renew-removal-code/renew-removal-code.controller';
import { RenewRemovalCodeService } from './commands/renew-removal-code/renew-removal-code.service';
import { FactorProof } from './factor-proof.service';
import { FactorRemoval } from './factor-removal.service';
import { FactorSecrets } from './factor-secrets.service';
import { LoginOutcomes } from './login-outcomes.service';
import { LoginChallenge, PasskeyCeremony, PendingFactor, RemovalCode, SecondFactor } from './second-factor.entity';

/** R22, R23, R26, R27: the second factors (enrolment, the login's second step, removal, the removal code) and what a sign-in leads to. */
@Module({
  imports: [PasswordChecksModule, SessionsModule, ActivityModule],
  controllers: [ChooseMethodController, CompleteLoginController, EnrolController, EnrolPasskeyController, RemoveController, RenewRemovalCodeController],
  providers: [
    ChooseMethodService,
    FactorSecrets,
    LoginOutcomes,
    FactorProof,
    FactorRemoval,
    PasskeyCeremonies,
    CompleteLoginService,
    EnrolService,
    EnrolPasskeyService,
    RemoveService,
    RenewRemovalCodeService,
  ],
  exports: [ChooseMethodService, LoginOutcomes, FactorProof, PasskeyCeremonies, CompleteLoginService, EnrolService, EnrolPasskeyService, RemoveService, RenewRemovalCodeService],
})
export class SecondFactorModule {
  static readonly entities = [SecondFactor, RemovalCode, PendingFactor, LoginChallenge, PasskeyCeremony];
}
