import { Injectable } from '@nestjs/common';
import { CredentialActivated, usernameKey, usernameProblem } from '@client-gate/contracts';
import { ApiError, ErrorItem, EventPublisher, UnitOfWork } from '@client-gate/platform';
import { Account } from '../../../account/account.entity';
import { CodeRedeemer, INVALID_CODE } from '../../../codes/code-redeemer.service';
import { NewPasswords } from '../../new-passwords.service';
import { CodeAttempts } from '../../throttling/code-attempts';
import { ActivateDto } from './activate.dto';

const USERNAME_TAKEN: ErrorItem = { code: 'USERNAME_TAKEN', field: 'username', message: 'This username is taken.' };

/** R10: with a valid activation code the client chooses a username and a password. */
@Injectable()
export class ActivateService {
  constructor(
    private readonly unitOfWork: UnitOfWork,
    private readonly events: EventPublisher,
    private readonly codes: CodeRedeemer,
    private readonly passwords: NewPasswords,
    private readonly attempts: CodeAttempts,
  ) {}

  async activate(dto: ActivateDto, clientAddress: string) {
    // The code is checked first, so that nobody can probe usernames without one.
    const { code, account } = await this.attempts.usableCode(clientAddress, dto.code, 'activation');
    const { passwordHash, passwordExpiresAt, now } = await this.passwords.prepare(
      dto.password,
      dto.passwordValidityDays,
      dto.username,
      usernameErrors(dto.username),
    );
    const key = usernameKey(dto.username);

    return this.unitOfWork.run(async (manager) => {
      // The account's change locks it before its code is claimed; R15's unique index decides a username taken by
      // another account, at the same moment or before.
      const activated = await manager
        .createQueryBuilder()
        .update(Account)
        .set({ status: 'active', username: dto.username, usernameKey: key, passwordHash, passwordExpiresAt, activatedAt: now })
        .where({ gatewayId: account.gatewayId })
        .returning(['email', 'locale'])
        .execute()
        .catch((error: { driverError?: { constraint?: string } }) => {
          if (error.driverError?.constraint === 'account_username') throw ApiError.unprocessable([USERNAME_TAKEN]);
          throw error;
        });
      const [current] = activated.raw as { email: string | null; locale: Account['locale'] }[];
      if (!current || !(await this.codes.claim(manager, code))) throw ApiError.unprocessable([INVALID_CODE]);
      await this.events.publish(manager, CredentialActivated, {
        gatewayId: account.gatewayId,
        username: dto.username,
        email: current.email!,
        locale: current.locale,
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
