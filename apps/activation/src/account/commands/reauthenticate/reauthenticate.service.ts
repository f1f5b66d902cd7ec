import { Injectable } from '@nestjs/common';
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
  ) {}

  /** The client with its sign-in recent again (for what the pages carry on with). */
  reauthenticate(client: AuthenticatedClient, dto: ReauthenticateDto, origin: RequestOrigin): Promise<AuthenticatedClient> {
    return this.proof.prove(client.gatewayId, dto, origin.address, (manager) => this.sessions.reauthenticated(manager, client), { factorRequired: false });
  }
}
