import { Inject, Injectable } from '@nestjs/common';
import { CookieOptions, Response } from 'express';
import { DESK_ENV, DeskEnv } from '../config';

/**
 * The desk's session and sign-in cookies: httpOnly, SameSite=Lax (a Strict cookie would be dropped on the
 * provider's redirect back), path `/`; over HTTPS they are Secure and take the `__Host-` prefix, which the
 * browser honours only for a Secure, host-only cookie of path `/` (no sibling domain can plant one).
 */
@Injectable()
export class SessionCookies {
  readonly secure: boolean;
  readonly session: string;
  readonly signIn: string;

  constructor(@Inject(DESK_ENV) env: DeskEnv) {
    this.secure = env.DESK_PUBLIC_URL.startsWith('https:');
    const prefix = this.secure ? '__Host-' : '';
    this.session = `${prefix}desk_session`;
    this.signIn = `${prefix}desk_sign_in`;
  }

  set(response: Response, name: string, value: string, maxAgeMs: number): void {
    response.cookie(name, value, { ...this.options(), maxAge: maxAgeMs });
  }

  clear(response: Response, name: string): void {
    response.clearCookie(name, this.options());
  }

  private options(): CookieOptions {
    return { httpOnly: true, sameSite: 'lax', secure: this.secure, path: '/' };
  }
}
