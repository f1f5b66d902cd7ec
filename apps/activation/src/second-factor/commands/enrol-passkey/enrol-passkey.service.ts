import { HttpStatus, Injectable } from '@nestjs/common';
import { ApiError, UnitOfWork } from '@client-gate/platform';
import { PublicKeyCredentialCreationOptionsJSON } from '@simplewebauthn/server';
import { EntityManager } from 'typeorm';
import { AuthenticatedClient } from '../../../sessions/sessions.service';
import { enrolledFactors } from '../../enrolled-factors';
import { SignInOrigin } from '../../login-outcomes.service';
import { PasskeyCeremonies, passkeysOf } from '../../passkeys/passkey-ceremonies.service';
import { SecondFactor } from '../../second-factor.entity';
import { EnrolService } from '../enrol/enrol.service';
import { RegisterPasskeyDto } from './enrol-passkey.dto';

/** R27: an account holds at most this many passkeys. */
export const MAX_PASSKEYS = 5;

const TOO_MANY_PASSKEYS = () =>
  new ApiError(HttpStatus.CONFLICT, [{ code: 'TOO_MANY_PASSKEYS', message: `An account holds at most ${MAX_PASSKEYS} passkeys: remove one first.` }]);

export const INVALID_PASSKEY = () =>
  ApiError.unprocessable([
    {
      code: 'PASSKEY_INVALID',
      field: 'credential',
      message: 'The passkey could not be verified: it was made for another site or challenge, the registration took too long, or it is already registered.',
    },
  ]);

export interface PasskeyEnrolled {
  id: string;
  name: string;
  removalCode?: string;
  sessionToken?: string;
}

/**
 * R27: a passkey is enrolled in two steps, as in every WebAuthn registration: creation options (a challenge kept
 * 10 minutes), then the browser's credential, verified for this origin and RP ID. Like the other factors, the first
 * comes with the removal code, and with an enrolment token the sign-in completes.
 */
@Injectable()
export class EnrolPasskeyService {
  constructor(
    private readonly unitOfWork: UnitOfWork,
    private readonly ceremonies: PasskeyCeremonies,
    private readonly enrolments: EnrolService,
  ) {}

  options(client: AuthenticatedClient): Promise<PublicKeyCredentialCreationOptionsJSON> {
    return this.unitOfWork.run(async (manager) => {
      const { account, passkeys } = await this.lockedWithRoom(manager, client);
      return this.ceremonies.startRegistration(manager, { gatewayId: client.gatewayId, username: account.username! }, passkeys);
    });
  }

  async register(client: AuthenticatedClient, dto: RegisterPasskeyDto, origin: SignInOrigin): Promise<PasskeyEnrolled> {
    // The registration's challenge is used up even when the credential is refused, so it is answered after the commit.
    const enrolled = await this.unitOfWork.run(async (manager) => {
      const { account, passkeys } = await this.lockedWithRoom(manager, client);
      const created = await this.ceremonies.finishRegistration(manager, client.gatewayId, dto.credential);
      if (!created || (await manager.existsBy(SecondFactor, { credentialId: created.credentialId }))) return null;
      const name = dto.name ?? `Passkey ${passkeys.length + 1}`;
      const answer = await this.enrolments.enrolled(manager, client, account, { method: 'passkey', ...created, name }, origin);
      return { ...answer, name };
    });
    if (!enrolled) throw INVALID_PASSKEY();
    return enrolled;
  }

  /** The account, locked, and its passkeys, when there is room for one more (R27: at most MAX_PASSKEYS). */
  private async lockedWithRoom(manager: EntityManager, client: AuthenticatedClient) {
    const account = await this.enrolments.lockAccount(manager, client.gatewayId);
    const passkeys = passkeysOf(await enrolledFactors(manager, client.gatewayId));
    if (passkeys.length >= MAX_PASSKEYS) throw TOO_MANY_PASSKEYS();
    return { account, passkeys };
  }
}
