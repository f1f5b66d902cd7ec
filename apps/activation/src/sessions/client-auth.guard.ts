import { CanActivate, createParamDecorator, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { ApiError } from '@client-gate/platform';
import { Request } from 'express';
import { AuthenticatedClient, Sessions } from './sessions.service';


/** Marks a handler that an enrolment token may call too (R22); every other one needs a session. */
export const EnrolmentTokenAccepted = Reflector.createDecorator<boolean>();

type ClientRequest = Request & { client?: AuthenticatedClient };

/** The client's own endpoints (R22–R24): `Authorization: Bearer <sessionToken or enrolmentToken>`. */
@Injectable()
export class ClientAuthGuard implements CanActivate {
  constructor(
    private readonly sessions: Sessions,
    private readonly reflector: Reflector,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest<ClientRequest>();
    const header = request.headers.authorization;
    const token = header?.startsWith('Bearer ') ? header.slice(7).trim() : undefined;
    const client = token ? await this.sessions.authenticate(token) : null;
    if (!client) throw ApiError.unauthorized('SESSION_REQUIRED', 'Log in first: the session is missing, ended or expired.');
    if (client.kind === 'enrolment' && !this.reflector.get(EnrolmentTokenAccepted, context.getHandler())) {
      throw ApiError.unauthorized('SESSION_REQUIRED', 'An enrolment token is good only for enrolling a second factor.');
    }
    request.client = client;
    return true;
  }
}

/** The client behind the request (set by ClientAuthGuard). */
export const Client = createParamDecorator(
  (_: unknown, context: ExecutionContext): AuthenticatedClient => context.switchToHttp().getRequest<ClientRequest>().client!,
);
