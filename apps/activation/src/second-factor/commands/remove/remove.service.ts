import { HttpStatus, Injectable } from '@nestjs/common';
import { SecondFactorMethod } from '@client-gate/contracts';
import { ApiError, UnitOfWork } from '@client-gate/platform';
import { RequestOrigin } from '../../../sessions/request-origin';
import { AuthenticatedClient, Sessions } from '../../../sessions/sessions.service';
import { enrolledFactors } from '../../enrolled-factors';
import { FactorProof } from '../../factor-proof.service';
import { FactorRemoval } from '../../factor-removal.service';
import { SecondFactor } from '../../second-factor.entity';
import { RemoveFactorDto } from './remove.dto';

const NOT_ENROLLED = () => ApiError.notFound('SECOND_FACTOR_NOT_ENROLLED', 'No such second factor is enrolled.');
const SEVERAL_FACTORS = () =>
  new ApiError(HttpStatus.CONFLICT, [
    { code: 'SEVERAL_FACTORS', message: 'Several second factors are enrolled: name the one to remove (DELETE /account/second-factor/totp, /email or /passkey/:id).' },
  ]);

/**
 * R23: removing a factor takes the password and a current code (R27: of any of the account's factors); wrong ones
 * back off like a login (SPEC §8). R26: it needs a recent sign-in too, and ends every session of the account, this
 * one included. R27: with several factors, one is named and the others stay.
 */
@Injectable()
export class RemoveService {
  constructor(
    private readonly unitOfWork: UnitOfWork,
    private readonly sessions: Sessions,
    private readonly proof: FactorProof,
    private readonly removal: FactorRemoval,
  ) {}

  /** One kind of factor (every passkey for `passkey`), or (R27) one passkey by its id. */
  async remove(client: AuthenticatedClient, dto: RemoveFactorDto, origin: RequestOrigin, method?: SecondFactorMethod, passkeyId?: string): Promise<void> {
    this.sessions.requireRecentSignIn(client);
    // Which factor, before any code is spent on it.
    const factors = await this.unitOfWork.read((manager) => enrolledFactors(manager, client.gatewayId));
    if (!method && !passkeyId && factors.length > 1) throw SEVERAL_FACTORS();
    const named = passkeyId ? 'passkey' : (method ?? factors[0]?.method);
    const chosen = (factor: SecondFactor) => factor.method === named && (!passkeyId || factor.id === passkeyId);
    if (!factors.some(chosen)) throw NOT_ENROLLED();
    await this.proof.prove(
      client.gatewayId,
      dto,
      origin.address,
      async (manager, account, current) => {
        const removed = current.filter(chosen);
        if (removed.length === 0) throw NOT_ENROLLED();
        await this.removal.remove(manager, account, removed, 'client', origin);
      },
      { factorRequired: true },
    );
  }
}
