import { Injectable } from '@nestjs/common';
import { PasswordChanged } from '@client-gate/contracts';
import { ApiError, EventPublisher, UnitOfWork } from '@client-gate/platform';
import { Account } from '../../../account/account.entity';
import { NewPasswords } from '../../../credentials/new-passwords.service';
import { PasswordHasher } from '../../../credentials/password-hasher';
import { AttemptThrottle } from '../../../credentials/throttling/attempt-throttle.service';
import { ChangePasswordDto } from './change-password.dto';

const WRONG_CURRENT_PASSWORD = () =>
  new ApiError(401, [{ code: 'INVALID_CREDENTIALS', field: 'currentPassword', message: 'The current password is not correct.' }]);

/** R24: a signed-in client changes their password; the change is emailed (`password-changed`) like a reset's. */
@Injectable()
export class ChangePasswordService {
  constructor(
    private readonly unitOfWork: UnitOfWork,
    private readonly events: EventPublisher,
    private readonly hasher: PasswordHasher,
    private readonly throttle: AttemptThrottle,
    private readonly passwords: NewPasswords,
  ) {}

  async change(gatewayId: string, dto: ChangePasswordDto, clientAddress: string) {
    const account = await this.unitOfWork.read((manager) => manager.findOneByOrFail(Account, { gatewayId }));
    // A wrong current password backs off like a wrong login (SPEC §8).
    const attempt = await this.throttle.admit(clientAddress, account.usernameKey);
    if (!(await this.hasher.verify(account.passwordHash, dto.currentPassword))) throw WRONG_CURRENT_PASSWORD();
    await this.throttle.succeeded(attempt);
    const { passwordHash, passwordExpiresAt, now } = await this.passwords.prepare(dto.newPassword, dto.passwordValidityDays, account.username!);

    return this.unitOfWork.run(async (manager) => {
      // Only over the hash just verified: a reset meanwhile wins, and the current password must be typed again.
      const { affected } = await manager.update(Account, { gatewayId, passwordHash: account.passwordHash!, status: 'active' }, { passwordHash, passwordExpiresAt });
      if (!affected) throw WRONG_CURRENT_PASSWORD();
      await this.events.publish(manager, PasswordChanged, {
        gatewayId,
        email: account.email!,
        locale: account.locale,
        changedAt: now.toISOString(),
        passwordExpiresAt: passwordExpiresAt.toISOString(),
      });
      await this.events.audit(manager, { actor: 'client', action: 'credential.password-changed', subject: gatewayId });
      return { passwordExpiresAt: passwordExpiresAt.toISOString() };
    });
  }
}
