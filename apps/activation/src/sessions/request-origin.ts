import { createParamDecorator, ExecutionContext } from '@nestjs/common';
import { Request } from 'express';
import { cookie } from '@client-gate/pages';

/** R26: browsers are remembered by this random, long-lived cookie (pages) … */
export const BROWSER_COOKIE = 'cg_browser';
/** … or, for JSON API clients, by the same token in this header, which a sign-in answers with when it was missing. */
export const BROWSER_HEADER = 'X-Browser-Token';

/** Where a request comes from, as the activity, the sessions and the new-sign-in email tell it (R26). */
export interface RequestOrigin {
  address: string;
  userAgent: string | null;
  /** The browser's token (cookie or header); null when it carries none or a malformed one. */
  browserToken: string | null;
}

const BROWSER_TOKEN = /^[A-Za-z0-9_-]{43}$/;

export function originOf(request: Request): RequestOrigin {
  const carried = request.header(BROWSER_HEADER) ?? cookie(request, BROWSER_COOKIE);
  return {
    address: request.ip ?? '',
    userAgent: request.header('user-agent')?.slice(0, 512) ?? null,
    browserToken: carried && BROWSER_TOKEN.test(carried) ? carried : null,
  };
}

/** The request's origin (a parameter decorator). */
export const Origin = createParamDecorator((_: unknown, context: ExecutionContext): RequestOrigin => originOf(context.switchToHttp().getRequest<Request>()));
