import { HttpStatus, Injectable } from '@nestjs/common';
import { SecondFactorRemoved } from '@client-gate/contracts';
import { ApiError, Clock, EventPublisher, UnitOfWork } from '@client-gate/platform';
import { randomUUID } from 'node:crypto';
import { EntityManager } from 'typeorm';
import { Account } from '../../../account/account.entity';
import { PasswordHasher } from '../../../credentials/password-hasher';
import { AttemptThrottle } from '../../../credentials/throttling/attempt-throttle.service';
import { MAX_CODE_TRIES, sameHash } from '../../domain/factor-codes';
import { FactorSecrets } from '../../factor-secrets.service';
import { PendingFactor, SecondFactor } from '../../second-factor.entity';
import { pendingBinding } from '../enrol/enrol.service';
import { RemoveFactorDto } from './remove.dto';

const NOT_ENROLLED = () => ApiError.notFound('SECOND_FACTOR_NOT_ENROLLED', 'No second factor is enrolled.');
const WRONG = () => new ApiError(HttpStatus.UNAUTHORIZED, [{ code: 'INVALID_CREDENTIALS', message: 'The password or the code is not correct.' }]);

/** R23: removing a factor takes the password and a current code; wrong ones back off like a login (SPEC §8). */
@Injectable()
export class RemoveService {
  constructor(
    private readonly unitOfWork: UnitOfWork,
    private readonly events: EventPublisher,
    private readonly clock: Clock,
    private readonly hasher: PasswordHasher,
    private readonly throttle: AttemptThrottle,
    private readonly secrets: FactorSecrets,
  ) {}

  async remove(gatewayId: string, dto: RemoveFactorDto, clientAddress: string): Promise<void> {
    const account = await this.unitOfWork.read((manager) => manager.findOneByOrFail(Account, { gatewayId }));
    if (!(await this.unitOfWork.read((manager) => manager.existsBy(SecondFactor, { gatewayId })))) throw NOT_ENROLLED();
    const attempt = await this.throttle.admit(clientAddress, account.usernameKey);
    const passwordRight = await this.hasher.verify(account.passwordHash, dto.password);
    const removed = passwordRight && (await this.unitOfWork.run((manager) => this.tryCode(manager, gatewayId, dto.code)));
    if (!removed) throw WRONG();
    await this.throttle.succeeded(attempt);
  }

  private async tryCode(manager: EntityManager, gatewayId: string, code: string): Promise<boolean> {
    const account = await manager.findOneOrFail(Account, { where: { gatewayId }, lock: { mode: 'pessimistic_write' } });
    const factor = await manager.findOneBy(SecondFactor, { gatewayId });
    if (!factor) return false;
    const right = factor.method === 'totp' ? await this.secrets.acceptTotp(manager, factor, code) : await this.acceptEmailed(manager, gatewayId, code);
    if (!right) return false;
    await removeFactor(manager, this.events, this.clock, account, factor, 'client');
    return true;
  }

  /** The email factor's current code: the one last asked for, within its 10 minutes and 5 tries. */
  private async acceptEmailed(manager: EntityManager, gatewayId: string, code: string): Promise<boolean> {
    const pending = await manager.findOneBy(PendingFactor, { gatewayId, method: 'email' });
    if (!pending || pending.expiresAt <= this.clock.now() || pending.attempts >= MAX_CODE_TRIES) return false;
    await manager.update(PendingFactor, { gatewayId }, { attempts: pending.attempts + 1 });
    return sameHash(this.secrets.emailCodeHash(pendingBinding(gatewayId), code), pending.codeHash);
  }
}

/** R23: deletes the factor and any enrolment or removal under way, and tells the client by email. */
export async function removeFactor(
  manager: EntityManager,
  events: EventPublisher,
  clock: Clock,
  account: Account,
  factor: SecondFactor,
  reason: 'client' | 'removal-code',
): Promise<void> {
  const { gatewayId } = account;
  await manager.delete(SecondFactor, { gatewayId });
  await manager.delete(PendingFactor, { gatewayId });
  await events.publish(manager, SecondFactorRemoved, {
    gatewayId,
    notificationId: randomUUID(),
    method: factor.method,
    reason,
    email: account.email!,
    locale: account.locale,
    removedAt: clock.now().toISOString(),
  });
  await events.audit(manager, { actor: 'client', action: `second-factor.removed.${reason}`, subject: gatewayId });
}
