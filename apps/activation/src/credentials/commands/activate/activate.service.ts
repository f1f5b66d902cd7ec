import { Injectable } from '@nestjs/common';
import { CredentialActivated, usernameKey, usernameProblem } from '@client-gate/contracts';
import { addDays, ApiError, Clock, ErrorItem, EventPublisher, UnitOfWork } from '@client-gate/platform';
import { Not } from 'typeorm';
import { Account } from '../../../accounts/account.entity';
import { CodeRedeemer, INVALID_CODE } from '../../../codes/code-redeemer.service';
import { PASSWORD_VALIDITY_MAX_DAYS } from '../../domain/password-policy';
import { PasswordHasher } from '../../password-hasher';
import { passwordErrors } from '../../password-errors';
import { CodeAttempts } from '../../throttling/code-attempts';
import { ActivateDto } from './activate.dto';

const USERNAME_TAKEN: ErrorItem = { code: 'USERNAME_TAKEN', field: 'username', message: 'This username is taken.' };

/** R10: with a valid activation code the client chooses a username and a password. */
@Injectable()
export class ActivateService {
  constructor(
    private readonly unitOfWork: UnitOfWork,
    private readonly events: EventPublisher,
    private readonly clock: Clock,
    private readonly codes: CodeRedeemer,
    private readonly hasher: PasswordHasher,
    private readonly attempts: CodeAttempts,
  ) {}

  async activate(dto: ActivateDto, clientAddress: string) {
    const attempt = await this.attempts.admit(clientAddress, dto.code);
    // The code is checked first, so that nobody can probe usernames without one.
    if (!(await this.unitOfWork.read((manager) => this.codes.find(manager, dto.code, 'activation')))) {
      throw ApiError.unprocessable([INVALID_CODE]);
    }
    await this.attempts.succeeded(attempt);
    const problems = [...usernameErrors(dto.username), ...passwordErrors(dto.password, dto.passwordValidityDays, dto.username)];
    if (problems.length > 0) throw ApiError.unprocessable(problems);
    const key = usernameKey(dto.username);
    const passwordHash = await this.hasher.hash(dto.password);
    const now = this.clock.now();
    const passwordExpiresAt = addDays(now, dto.passwordValidityDays ?? PASSWORD_VALIDITY_MAX_DAYS);

    return this.unitOfWork.run(async (manager) => {
      const claimed = await this.codes.claim(manager, dto.code, 'activation');
      if (!claimed) throw ApiError.unprocessable([INVALID_CODE]);
      const { account } = claimed;
      const taken = await manager.existsBy(Account, { usernameKey: key, status: Not('ended'), gatewayId: Not(account.gatewayId) });
      if (taken) throw ApiError.unprocessable([USERNAME_TAKEN]);
      await manager
        .update(
          Account,
          { gatewayId: account.gatewayId },
          { status: 'active', username: dto.username, usernameKey: key, passwordHash, passwordExpiresAt, activatedAt: now },
        )
        .catch((error: { driverError?: { constraint?: string } }) => {
          // Another client took the same username at the same moment (R15's unique index decided).
          if (error.driverError?.constraint === 'account_username') throw ApiError.unprocessable([USERNAME_TAKEN]);
          throw error;
        });
      await this.events.publish(manager, CredentialActivated, {
        gatewayId: account.gatewayId,
        username: dto.username,
        email: account.email!,
        locale: account.locale,
        activatedAt: now.toISOString(),
        passwordExpiresAt: passwordExpiresAt.toISOString(),
      });
      await this.events.audit(manager, { actor: 'client', action: 'credential.activated', subject: account.gatewayId });
      return { gatewayId: account.gatewayId, username: dto.username, passwordExpiresAt: passwordExpiresAt.toISOString() };
    });
  }
}

function usernameErrors(username: string): ErrorItem[] {
  const problem = usernameProblem(username);
  return problem ? [{ code: 'USERNAME_INVALID', field: 'username', message: problem }] : [];
}
