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
    const { code, account } = await this.attempts.usableCode(origin.address, dto.code, 'password-reset');
    const { gatewayId, username } = account;
    if (!username) throw ApiError.unprocessable([INVALID_CODE]);
    const { passwordHash, passwordExpiresAt, now } = await this.passwords.prepare(dto.password, dto.passwordValidityDays, username);

    return this.unitOfWork.run(async (manager) => {
      // The account's change locks it before its code is claimed (the order of re-issue and erasure).
      const changed = await manager
        .createQueryBuilder()
        .update(Account)
        .set({ passwordHash, passwordExpiresAt, passwordResetRequired: false })
        .where({ gatewayId })
        .returning(['email', 'locale'])
        .execute();
      const [current] = changed.raw as { email: string | null; locale: Account['locale'] }[];
      if (!current || !(await this.codes.claim(manager, code))) throw ApiError.unprocessable([INVALID_CODE]);
      // R26: a reset ends every session (one opened by whoever knew the old password too) and answers "this was not me".
      await this.sessions.endAll(manager, gatewayId);
      await this.activity.record(manager, gatewayId, 'password-reset', origin);
      await this.events.publish(manager, PasswordChanged, {
        gatewayId,
        email: current.email!,
        locale: current.locale,
        changedAt: now.toISOString(),
        passwordExpiresAt: passwordExpiresAt.toISOString(),
      });
      await this.events.audit(manager, { actor: 'client', action: 'credential.password-changed', subject: gatewayId });
      return { gatewayId, passwordExpiresAt: passwordExpiresAt.toISOString() };
    });
  }
}
