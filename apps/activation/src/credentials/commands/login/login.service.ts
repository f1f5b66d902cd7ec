import { HttpStatus, Injectable } from '@nestjs/common';
import { ApiError, Clock, EventPublisher, UnitOfWork } from '@client-gate/platform';
import { Account } from '../../../account/account.entity';
import { usernameKey } from '@client-gate/contracts';
import { PasswordHasher } from '../../password-hasher';
import { ActivityLog } from '../../../activity/activity-log.service';
import { LoginAnswer, LoginOutcomes, SignInOrigin } from '../../../second-factor/login-outcomes.service';
import { RequestOrigin } from '../../../sessions/request-origin';
import { AttemptThrottle } from '../../throttling/attempt-throttle.service';
import { LoginDto } from './login.dto';

const INVALID_CREDENTIALS = () =>
  ApiError.unauthorized('INVALID_CREDENTIALS', 'The username or password is not correct.');

/**
 * R14: case-insensitive username and password; expired passwords and inactive gateways are refused. A right
 * password leads on to the second factor or its enrolment (R22).
 */
@Injectable()
export class LoginService {
  constructor(
    private readonly unitOfWork: UnitOfWork,
    private readonly events: EventPublisher,
    private readonly clock: Clock,
    private readonly hasher: PasswordHasher,
    private readonly throttle: AttemptThrottle,
    private readonly outcomes: LoginOutcomes,
    private readonly activity: ActivityLog,
  ) {}

  async login(dto: LoginDto, origin: SignInOrigin): Promise<LoginAnswer> {
    return this.outcomes.afterPassword(await this.verifyPassword(dto, origin), origin);
  }

  /** The active account whose password this is, not expired nor disavowed; 401, 403 or 429 otherwise. */
  async verifyPassword(dto: LoginDto, origin: RequestOrigin): Promise<Account> {
    const key = usernameKey(dto.username);
    // Before the password is checked, so that a locked account tells nothing about it (SPEC §8).
    const attempt = await this.throttle.admit(origin.address, key);
    const account = await this.unitOfWork.read((manager) => manager.findOneBy(Account, { usernameKey: key, status: 'active' }));
    // Unknown accounts are verified against a decoy hash, so both answers take as long.
    const valid = await this.hasher.verify(account?.passwordHash ?? null, dto.password);
    if (account && !valid) this.activity.recordAfterAnswer(account.gatewayId, 'sign-in-failed', origin);
    if (!account || !valid) throw INVALID_CREDENTIALS();
    // R26: the attempt's own failure is taken back; earlier ones (wrong second-factor codes too) stay until a complete sign-in.
    await this.throttle.passed(attempt);
    if (this.hasher.needsRehash(account.passwordHash!)) await this.rehash(account, dto.password);
    if (!account.passwordExpiresAt || account.passwordExpiresAt <= this.clock.now()) {
      throw new ApiError(HttpStatus.FORBIDDEN, [
        { code: 'PASSWORD_EXPIRED', message: 'The password has expired; use the forgotten-password function to set a new one.' },
      ]);
    }
    if (account.passwordResetRequired) {
      throw new ApiError(HttpStatus.FORBIDDEN, [
        { code: 'PASSWORD_RESET_REQUIRED', message: 'A sign-in was reported as not yours: set a new password with the forgotten-password function first.' },
      ]);
    }
    return account;
  }

  /** A hash made with weaker parameters than today's is replaced while the password is at hand (SPEC §8). */
  private async rehash(account: Account, password: string): Promise<void> {
    const passwordHash = await this.hasher.hash(password);
    await this.unitOfWork.run(async (manager) => {
      // Only over the hash just verified: a password reset meanwhile wins.
      const { affected } = await manager.update(Account, { gatewayId: account.gatewayId, passwordHash: account.passwordHash! }, { passwordHash });
      if (affected) await this.events.audit(manager, { actor: 'client', action: 'credential.rehashed', subject: account.gatewayId });
    });
  }
}
