import { HttpStatus, Injectable } from '@nestjs/common';
import { ApiError, Clock, UnitOfWork } from '@client-gate/platform';
import { Account } from '../../../accounts/account.entity';
import { usernameKey } from '@client-gate/contracts';
import { PasswordHasher } from '../../password-hasher';
import { LoginDto } from './login.dto';

const INVALID_CREDENTIALS = () =>
  ApiError.unauthorized('INVALID_CREDENTIALS', 'The username or password is not correct.');

/** R14: case-insensitive username and password; expired passwords and inactive gateways are refused. */
@Injectable()
export class LoginService {
  constructor(
    private readonly unitOfWork: UnitOfWork,
    private readonly clock: Clock,
    private readonly hasher: PasswordHasher,
  ) {}

  async login(dto: LoginDto) {
    const account = await this.unitOfWork.read((manager) =>
      manager.findOneBy(Account, { usernameKey: usernameKey(dto.username), status: 'active' }),
    );
    // Unknown accounts are verified against a decoy hash, so both answers take as long.
    const valid = await this.hasher.verify(account?.passwordHash ?? null, dto.password);
    if (!account || !valid) throw INVALID_CREDENTIALS();
    if (!account.passwordExpiresAt || account.passwordExpiresAt <= this.clock.now()) {
      throw new ApiError(HttpStatus.FORBIDDEN, [
        { code: 'PASSWORD_EXPIRED', message: 'The password has expired; use the forgotten-password function to set a new one.' },
      ]);
    }
    return { gatewayId: account.gatewayId, passwordExpiresAt: account.passwordExpiresAt.toISOString() };
  }
}
