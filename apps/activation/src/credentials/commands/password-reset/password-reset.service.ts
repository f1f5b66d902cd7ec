import { Injectable } from '@nestjs/common';
import { PasswordChanged } from '@client-gate/contracts';
import { addDays, ApiError, Clock, EventPublisher, UnitOfWork } from '@client-gate/platform';
import { Account } from '../../../accounts/account.entity';
import { CodeRedeemer, INVALID_CODE } from '../../../codes/code-redeemer.service';
import { PASSWORD_VALIDITY_MAX_DAYS } from '../../domain/password-policy';
import { PasswordHasher } from '../../password-hasher';
import { passwordErrors } from '../../password-errors';
import { CodeAttempts } from '../../throttling/code-attempts';
import { PasswordResetDto } from './password-reset.dto';

/** R13: a password-reset code sets a new password with a new validity (R10, R16); the old password stops working. */
@Injectable()
export class PasswordResetService {
  constructor(
    private readonly unitOfWork: UnitOfWork,
    private readonly events: EventPublisher,
    private readonly clock: Clock,
    private readonly codes: CodeRedeemer,
    private readonly hasher: PasswordHasher,
    private readonly attempts: CodeAttempts,
  ) {}

  async reset(dto: PasswordResetDto, clientAddress: string) {
    const attempt = await this.attempts.admit(clientAddress, dto.code);
    const account = await this.unitOfWork.read(async (manager) => {
      const code = await this.codes.find(manager, dto.code, 'password-reset');
      return code && manager.findOneBy(Account, { gatewayId: code.gatewayId });
    });
    if (!account?.username) throw ApiError.unprocessable([INVALID_CODE]);
    await this.attempts.succeeded(attempt);
    const problems = passwordErrors(dto.password, dto.passwordValidityDays, account.username);
    if (problems.length > 0) throw ApiError.unprocessable(problems);
    const passwordHash = await this.hasher.hash(dto.password);
    const now = this.clock.now();
    const passwordExpiresAt = addDays(now, dto.passwordValidityDays ?? PASSWORD_VALIDITY_MAX_DAYS);

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
