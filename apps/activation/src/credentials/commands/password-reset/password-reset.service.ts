import { Injectable } from '@nestjs/common';
import { PasswordChanged } from '@client-gate/contracts';
import { ApiError, EventPublisher, UnitOfWork } from '@client-gate/platform';
import { Account } from '../../../account/account.entity';
import { CodeRedeemer, INVALID_CODE } from '../../../codes/code-redeemer.service';
import { ActivityLog } from '../../../activity/activity-log.service';
import { RequestOrigin } from '../../../sessions/request-origin';
import { Sessions } from '../../../sessions/sessions.service';
import { NewPasswords } from '../../new-passwords.service';
import { CodeAttempts } from '../../throttling/code-attempts';
import { PasswordResetDto } from './password-reset.dto';

/**
 * R13: a password-reset code sets a new password with a new validity (R10, R16); the old password stops working.
 * R26: every session of the account ends.
 */
@Injectable()
export class PasswordResetService {
  constructor(
    private readonly unitOfWork: UnitOfWork,
    private readonly events: EventPublisher,
    private readonly codes: CodeRedeemer,
    private readonly passwords: NewPasswords,
    private readonly attempts: CodeAttempts,
    private readonly sessions: Sessions,
    private readonly activity: ActivityLog,
  ) {}

  async reset(dto: PasswordResetDto, origin: RequestOrigin) {
    const { username } = await this.attempts.accountOf(origin.address, dto.code, 'password-reset');
    if (!username) throw ApiError.unprocessable([INVALID_CODE]);
    const { passwordHash, passwordExpiresAt, now } = await this.passwords.prepare(dto.password, dto.passwordValidityDays, username);

    return this.unitOfWork.run(async (manager) => {
      const claimed = await this.codes.claim(manager, dto.code, 'password-reset');
      if (!claimed) throw ApiError.unprocessable([INVALID_CODE]);
      const { gatewayId, email, locale } = claimed.account;
      // R26: a reset ends every session (one opened by whoever knew the old password too) and answers "this was not me".
      await manager.update(Account, { gatewayId }, { passwordHash, passwordExpiresAt, passwordResetRequired: false });
      await this.sessions.endAll(manager, gatewayId);
      await this.activity.record(manager, gatewayId, 'password-reset', origin);
      await this.events.publish(manager, PasswordChanged, {
        gatewayId,
        email: email!,
        locale,
        changedAt: now.toISOString(),
        passwordExpiresAt: passwordExpiresAt.toISOString(),
      });
      await this.events.audit(manager, { actor: 'client', action: 'credential.password-changed', subject: gatewayId });
      return { gatewayId, passwordExpiresAt: passwordExpiresAt.toISOString() };
    });
  }
}
