import { Injectable } from '@nestjs/common';
import { CredentialActivated } from '@client-gate/contracts';
import { addDays, ApiError, Clock, ErrorItem, EventPublisher, UnitOfWork } from '@client-gate/platform';
import { IsNull, MoreThan, Not } from 'typeorm';
import { Account } from '../../../accounts/account.entity';
import { CodeIssuer } from '../../../codes/code-issuer.service';
import { canonicalCode, hashCode } from '../../../codes/domain/one-time-code';
import { OneTimeCode } from '../../../codes/one-time-code.entity';
import { isCommonPassword } from '../../domain/common-passwords';
import { passwordProblem, PASSWORD_VALIDITY_MAX_DAYS } from '../../domain/password-policy';
import { usernameKey, usernameProblem } from '@client-gate/contracts';
import { PasswordHasher } from '../../password-hasher';
import { ActivateDto } from './activate.dto';

export const INVALID_CODE: ErrorItem = {
  code: 'INVALID_CODE',
  field: 'code',
  message: 'This code is not valid: it may be mistyped, used, replaced by a newer one or expired.',
};

/** R10: with a valid activation code the client chooses a username and a password. */
@Injectable()
export class ActivateService {
  constructor(
    private readonly unitOfWork: UnitOfWork,
    private readonly events: EventPublisher,
    private readonly clock: Clock,
    private readonly codes: CodeIssuer,
    private readonly hasher: PasswordHasher,
  ) {}

  async activate(dto: ActivateDto) {
    const now = this.clock.now();
    const canonical = canonicalCode(dto.code);
    const codeHash = canonical ? hashCode(this.codes.codeHashKey, canonical) : null;
    const findCode = () => ({
      codeHash: codeHash!,
      purpose: 'activation' as const,
      usedAt: IsNull(),
      voidedAt: IsNull(),
      expiresAt: MoreThan(now),
    });
    // The code is checked first, so that nobody can probe usernames without one.
    if (!codeHash || !(await this.unitOfWork.read((manager) => manager.findOneBy(OneTimeCode, findCode())))) {
      throw ApiError.unprocessable([INVALID_CODE]);
    }
    const problems = validateCredentials(dto);
    if (problems.length > 0) throw ApiError.unprocessable(problems);
    const key = usernameKey(dto.username);
    const passwordHash = await this.hasher.hash(dto.password);
    const validityDays = dto.passwordValidityDays ?? PASSWORD_VALIDITY_MAX_DAYS;
    const passwordExpiresAt = addDays(now, validityDays);

    return this.unitOfWork.run(async (manager) => {
      const code = await manager.findOne(OneTimeCode, { where: findCode(), lock: { mode: 'pessimistic_write' } });
      if (!code) throw ApiError.unprocessable([INVALID_CODE]);
      const taken = await manager.existsBy(Account, { usernameKey: key, status: Not('ended'), gatewayId: Not(code.gatewayId) });
      if (taken) {
        throw ApiError.unprocessable([{ code: 'USERNAME_TAKEN', field: 'username', message: 'This username is taken.' }]);
      }
      const account = await manager.findOneByOrFail(Account, { gatewayId: code.gatewayId });
      await manager.update(OneTimeCode, { id: code.id }, { usedAt: now });
      await manager.update(
        Account,
        { gatewayId: code.gatewayId },
        { status: 'active', username: dto.username, usernameKey: key, passwordHash, passwordExpiresAt, activatedAt: now },
      );
      await this.events.publish(manager, CredentialActivated, {
        gatewayId: code.gatewayId,
        username: dto.username,
        email: account.email!,
        locale: account.locale,
        activatedAt: now.toISOString(),
        passwordExpiresAt: passwordExpiresAt.toISOString(),
      });
      await this.events.audit(manager, { actor: 'client', action: 'credential.activated', subject: code.gatewayId });
      return { gatewayId: code.gatewayId, username: dto.username, passwordExpiresAt: passwordExpiresAt.toISOString() };
    });
  }
}

function validateCredentials(dto: ActivateDto): ErrorItem[] {
  const problems: ErrorItem[] = [];
  const username = usernameProblem(dto.username);
  if (username) problems.push({ code: 'USERNAME_INVALID', field: 'username', message: username });
  const password = passwordProblem(dto.password, dto.username, isCommonPassword);
  if (password) problems.push({ code: 'PASSWORD_TOO_WEAK', field: 'password', message: password });
  const days = dto.passwordValidityDays;
  if (days !== undefined && (days < 1 || days > PASSWORD_VALIDITY_MAX_DAYS)) {
    problems.push({
      code: 'PASSWORD_VALIDITY_OUT_OF_RANGE',
      field: 'passwordValidityDays',
      message: `Password validity is 1 to ${PASSWORD_VALIDITY_MAX_DAYS} days.`,
    });
  }
  return problems;
}
