import { Injectable } from '@nestjs/common';
import { RequestOrigin } from '../../../sessions/request-origin';
import { AuthenticatedClient, Sessions } from '../../../sessions/sessions.service';
import { FactorProof } from '../../factor-proof.service';
import { FactorRemoval } from '../../factor-removal.service';
import { RemoveFactorDto } from './remove.dto';

/**
 * R23: removing a factor takes the password and a current code; wrong ones back off like a login (SPEC §8).
 * R26: it needs a recent sign-in too, and ends every session of the account, this one included.
 */
@Injectable()
export class RemoveService {
  constructor(
    private readonly sessions: Sessions,
    private readonly proof: FactorProof,
    private readonly removal: FactorRemoval,
  ) {}

  async remove(client: AuthenticatedClient, dto: RemoveFactorDto, origin: RequestOrigin): Promise<void> {
    this.sessions.requireRecentSignIn(client);
    await this.proof.prove(client.gatewayId, dto, origin.address, (manager, account, factor) => this.removal.remove(manager, account, factor!, 'client', origin), {
      factorRequired: true,
    });
  }
}
