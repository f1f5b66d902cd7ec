import { CanActivate, createParamDecorator, ExecutionContext, HttpStatus, Inject, Injectable } from '@nestjs/common';
import { Request } from 'express';
import { Clock } from '../clock/clock';
import { ApiError } from '../http/api-error';
import { ProviderAccessTokens } from './provider-tokens';
import { PORTAL_AUDIENCE, StaffIdentity, verifyStaffToken, verifyToken } from './tokens';

export const STAFF_TOKEN_SECRET = Symbol('STAFF_TOKEN_SECRET');
/** How staff are recognised: the provider's access tokens (when OIDC_ISSUER is set) and, outside production, development staff tokens. */
export const STAFF_AUTHENTICATION = Symbol('STAFF_AUTHENTICATION');

export interface StaffAuthentication {
  provider: ProviderAccessTokens | null;
  developmentTokens: boolean;
}

function bearer(request: Request): string | undefined {
  const header = request.headers.authorization;
  return header?.startsWith('Bearer ') ? header.slice(7).trim() : undefined;
}

/**
 * Staff endpoints: the officers' provider's access token or, outside production, a development staff token;
 * the officer and consulate it names scope every read and write.
 */
@Injectable()
export class StaffGuard implements CanActivate {
  constructor(
    @Inject(STAFF_TOKEN_SECRET) private readonly secret: string,
    @Inject(STAFF_AUTHENTICATION) private readonly authentication: StaffAuthentication,
    private readonly clock: Clock,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest<Request & { staff?: StaffIdentity }>();
    const token = bearer(request);
    const staff = token ? await this.verify(token) : null;
    if (!staff) {
      throw new ApiError(HttpStatus.UNAUTHORIZED, [{ code: 'STAFF_TOKEN_REQUIRED', message: 'A valid staff token is required' }], {
        'WWW-Authenticate': 'Bearer error="invalid_token"',
      });
    }
    request.staff = staff;
    return true;
  }

  private async verify(token: string): Promise<StaffIdentity | null> {
    const { provider, developmentTokens } = this.authentication;
    const development = developmentTokens ? verifyStaffToken(this.secret, token, this.clock.now()) : null;
    return development ?? (provider ? provider.verify(token) : null);
  }
}

/** The online portal's endpoints take only the portal's credential. */
@Injectable()
export class PortalGuard implements CanActivate {
  constructor(
    @Inject(STAFF_TOKEN_SECRET) private readonly secret: string,
    private readonly clock: Clock,
  ) {}

  canActivate(context: ExecutionContext): boolean {
    const request = context.switchToHttp().getRequest<Request>();
    const token = bearer(request);
    if (!token || !verifyToken(this.secret, token, PORTAL_AUDIENCE, this.clock.now())) {
      throw ApiError.unauthorized('PORTAL_CREDENTIAL_REQUIRED', "The online portal's credential is required");
    }
    return true;
  }
}

/** The officer behind the request (set by StaffGuard). */
export const Staff = createParamDecorator(
  (_: unknown, context: ExecutionContext): StaffIdentity =>
    context.switchToHttp().getRequest<Request & { staff: StaffIdentity }>().staff,
);
