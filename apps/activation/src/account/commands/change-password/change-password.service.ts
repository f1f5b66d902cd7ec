import { Injectable } from '@nestjs/common';
import { PasswordChanged } from '@client-gate/contracts';
import { ApiError, EventPublisher, UnitOfWork } from '@client-gate/platform';
import { Account } from '../../../account/account.entity';
import { NewPasswords } from '../../../credentials/new-passwords.service';
import { PasswordHasher } from '../../../credentials/password-hasher';
import { ActivityLog } from '../../../activity/activity-log.service';
import { AttemptThrottle } from '../../../credentials/throttling/attempt-throttle.service';
import { RequestOrigin } from '../../../sessions/request-origin';
import { AuthenticatedClient, Sessions } from '../../../sessions/sessions.service';
import { ChangePasswordDto } from './change-password.dto';

const WRONG_CURRENT_PASSWORD = () =>
  new ApiError(401, [{ code: 'INVALID_CREDENTIALS', field: 'currentPassword', message: 'The current password is not correct.' }]);

/**
 * R24: a signed-in client changes their password; the change is emailed (`password-changed`) like a reset's.
 * R26: only within 10 minutes of the sign-in, and the account's other sessions end.
 */
@Injectable()
export class ChangePasswordService {
  constructor(
    private readonly unitOfWork: UnitOfWork,
    private readonly events: EventPublisher,
    private readonly hasher: PasswordHasher,
    private readonly throttle: AttemptThrottle,
    private readonly passwords: NewPasswords,
    private readonly sessions: Sessions,
    private readonly activity: ActivityLog,
  ) {}

  async change(client: AuthenticatedClient, dto: ChangePasswordDto, origin: RequestOrigin) {
    this.sessions.requireRecentSignIn(client);
    const { gatewayId } = client;
    const account = await this.unitOfWork.read((manager) => manager.findOneByOrFail(Account, { gatewayId }));
    // A wrong current password backs off like a wrong login (SPEC §8).
    const attempt = await this.throttle.admit(origin.address, account.usernameKey);
    if (!(await this.hasher.verify(account.passwordHash, dto.currentPassword))) throw WRONG_CURRENT_PASSWORD();
    await this.throttle.passed(attempt);
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
      // R26: the client's other sessions end (one opened with the old password among them); this one goes on.
      await this.sessions.endAll(manager, gatewayId, client.tokenHash);
      await this.activity.record(manager, gatewayId, 'password-changed', origin);
      return { passwordExpiresAt: passwordExpiresAt.toISOString() };
    });
  }
}
