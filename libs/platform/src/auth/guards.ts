import { CanActivate, createParamDecorator, ExecutionContext, Inject, Injectable } from '@nestjs/common';
import { Request } from 'express';
import { Clock } from '../clock/clock';
import { ApiError } from '../http/api-error';
import { PORTAL_AUDIENCE, StaffIdentity, verifyStaffToken, verifyToken } from './tokens';

export const STAFF_TOKEN_SECRET = Symbol('STAFF_TOKEN_SECRET');

function bearer(request: Request): string | undefined {
  const header = request.headers.authorization;
  return header?.startsWith('Bearer ') ? header.slice(7).trim() : undefined;
}

/** Staff endpoints: a valid staff token; the officer and consulate it names scope every read and write. */
@Injectable()
export class StaffGuard implements CanActivate {
  constructor(
    @Inject(STAFF_TOKEN_SECRET) private readonly secret: string,
    private readonly clock: Clock,
  ) {}

  canActivate(context: ExecutionContext): boolean {
    const request = context.switchToHttp().getRequest<Request & { staff?: StaffIdentity }>();
    const token = bearer(request);
    const staff = token ? verifyStaffToken(this.secret, token, this.clock.now()) : null;
    if (!staff) throw ApiError.unauthorized('STAFF_TOKEN_REQUIRED', 'A valid staff token is required');
    request.staff = staff;
    return true;
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
