import { Injectable } from '@nestjs/common';
import { PasswordChanged } from '@client-gate/contracts';
import { ApiError, EventPublisher, UnitOfWork } from '@client-gate/platform';
import { Account } from '../../../account/account.entity';
import { CodeRedeemer, INVALID_CODE } from '../../../codes/code-redeemer.service';
import { NewPasswords } from '../../new-passwords.service';
import { CodeAttempts } from '../../throttling/code-attempts';
import { PasswordResetDto } from './password-reset.dto';

/** R13: a password-reset code sets a new password with a new validity (R10, R16); the old password stops working. */
@Injectable()
export class PasswordResetService {
  constructor(
    private readonly unitOfWork: UnitOfWork,
    private readonly events: EventPublisher,
    private readonly codes: CodeRedeemer,
    private readonly passwords: NewPasswords,
    private readonly attempts: CodeAttempts,
  ) {}

  async reset(dto: PasswordResetDto, clientAddress: string) {
    const { username } = await this.attempts.accountOf(clientAddress, dto.code, 'password-reset');
    if (!username) throw ApiError.unprocessable([INVALID_CODE]);
    const { passwordHash, passwordExpiresAt, now } = await this.passwords.prepare(dto.password, dto.passwordValidityDays, username);

    return this.unitOfWork.run(async (manager) => {
      const claimed = await this.codes.claim(manager, dto.code, 'password-reset');
      if (!claimed) throw ApiError.unprocessable([INVALID_CODE]);
      const { gatewayId, email, locale } = claimed.account;
      await manager.update(Account, { gatewayId }, { passwordHash, passwordExpiresAt });
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
