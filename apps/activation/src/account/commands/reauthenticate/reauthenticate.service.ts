import { Injectable } from '@nestjs/common';
import { ApiError, UnitOfWork } from '@client-gate/platform';
import { PublicKeyCredentialRequestOptionsJSON } from '@simplewebauthn/server';
import { enrolledFactors } from '../../../second-factor/enrolled-factors';
import { PasskeyCeremonies, passkeysOf } from '../../../second-factor/passkeys/passkey-ceremonies.service';
import { FactorProof } from '../../../second-factor/factor-proof.service';
import { RequestOrigin } from '../../../sessions/request-origin';
import { AuthenticatedClient, Sessions } from '../../../sessions/sessions.service';
import { ReauthenticateDto } from './reauthenticate.dto';

/** R26: the password and a current code make this session's sign-in recent again (10 minutes for sensitive changes). */
@Injectable()
export class ReauthenticateService {
  constructor(
    private readonly proof: FactorProof,
    private readonly sessions: Sessions,
    private readonly unitOfWork: UnitOfWork,
    private readonly ceremonies: PasskeyCeremonies,
  ) {}

  /** R27: options for a proof with one of the account's passkeys (good once, 10 minutes). */
  passkeyOptions(client: AuthenticatedClient): Promise<PublicKeyCredentialRequestOptionsJSON> {
    return this.unitOfWork.run(async (manager) => {
      const passkeys = passkeysOf(await enrolledFactors(manager, client.gatewayId));
      if (passkeys.length === 0) throw ApiError.notFound('SECOND_FACTOR_NOT_ENROLLED', 'No passkey is enrolled.');
      return this.ceremonies.startProof(manager, client.gatewayId, passkeys);
    });
  }

  /** The client with its sign-in recent again (for what the pages carry on with). */
  reauthenticate(client: AuthenticatedClient, dto: ReauthenticateDto, origin: RequestOrigin): Promise<AuthenticatedClient> {
    return this.proof.prove(client.gatewayId, dto, origin.address, (manager) => this.sessions.reauthenticated(manager, client), { factorRequired: false });
  }
}
