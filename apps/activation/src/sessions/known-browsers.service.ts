import { Inject, Injectable } from '@nestjs/common';
import { Clock } from '@client-gate/platform';
import { Request, Response } from 'express';
import { EntityManager } from 'typeorm';
import { ACTIVATION_ENV, ActivationEnv } from '../config';
import { newToken, tokenHash } from '../second-factor/domain/factor-codes';
import { BROWSER_COOKIE, BROWSER_HEADER, originOf, RequestOrigin } from './request-origin';

/** The browser cookie outlives sessions: browsers cap a cookie's life at 400 days. */
const BROWSER_COOKIE_DAYS = 400;

/** R26: browsers are told apart by a random token of their own (a cookie, or a header for JSON clients), stored hashed. */
@Injectable()
export class KnownBrowsers {
  private readonly secureCookie: boolean;

  constructor(
    @Inject(ACTIVATION_ENV) env: ActivationEnv,
    private readonly clock: Clock,
  ) {
    this.secureCookie = env.NODE_ENV === 'production';
  }

  /**
   * Where a sign-in comes from, with the browser's token: the one it carries, or else a new one, handed back in
   * the cookie and in the header. Without one, a sign-in counts as from a new browser.
   */
  originFor(request: Request, response: Response): RequestOrigin & { browserToken: string } {
    const origin = originOf(request);
    if (origin.browserToken) return { ...origin, browserToken: origin.browserToken };
    const { token } = newToken();
    response.cookie(BROWSER_COOKIE, token, {
      httpOnly: true,
      sameSite: 'lax',
      path: '/',
      secure: this.secureCookie,
      maxAge: BROWSER_COOKIE_DAYS * 24 * 3600 * 1000,
    });
    response.setHeader(BROWSER_HEADER, token);
    return { ...origin, browserToken: token };
  }

  /** Remembers the browser for the account, in the sign-in's transaction; true when the account had not used it before. */
  async isNew(manager: EntityManager, gatewayId: string, browserToken: string): Promise<boolean> {
    const inserted = (await manager.query(
      `INSERT INTO known_browser (gateway_id, browser_hash, first_seen_at) VALUES ($1, $2, $3)
         ON CONFLICT DO NOTHING RETURNING 1`,
      [gatewayId, tokenHash(browserToken), this.clock.now()],
    )) as unknown[];
    return inserted.length > 0;
  }
}
