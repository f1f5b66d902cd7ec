import { HttpStatus, Injectable } from '@nestjs/common';
import { ApiError, Clock, EventPublisher, UnitOfWork } from '@client-gate/platform';
import { Account } from '../../../account/account.entity';
import { usernameKey } from '@client-gate/contracts';
import { PasswordHasher } from '../../password-hasher';
import { LoginAnswer, LoginOutcomes } from '../../../second-factor/login-outcomes.service';
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
  ) {}

  async login(dto: LoginDto, clientAddress: string): Promise<LoginAnswer> {
    return this.outcomes.afterPassword(await this.verifyPassword(dto, clientAddress));
  }

  /** The active account whose password this is, not expired; 401, 403 or 429 otherwise. */
  async verifyPassword(dto: LoginDto, clientAddress: string): Promise<Account> {
    const key = usernameKey(dto.username);
    // Before the password is checked, so that a locked account tells nothing about it (SPEC §8).
    const attempt = await this.throttle.admit(clientAddress, key);
    const account = await this.unitOfWork.read((manager) => manager.findOneBy(Account, { usernameKey: key, status: 'active' }));
    // Unknown accounts are verified against a decoy hash, so both answers take as long.
    const valid = await this.hasher.verify(account?.passwordHash ?? null, dto.password);
    if (!account || !valid) throw INVALID_CREDENTIALS();
    await this.throttle.succeeded(attempt);
    if (this.hasher.needsRehash(account.passwordHash!)) await this.rehash(account, dto.password);
    if (!account.passwordExpiresAt || account.passwordExpiresAt <= this.clock.now()) {
      throw new ApiError(HttpStatus.FORBIDDEN, [
        { code: 'PASSWORD_EXPIRED', message: 'The password has expired; use the forgotten-password function to set a new one.' },
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
