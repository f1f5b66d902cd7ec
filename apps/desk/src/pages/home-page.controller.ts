import { Controller, Get, Param, Query, Req, Res } from '@nestjs/common';
import { Response } from 'express';
import { Sessions } from '../auth/sessions';
import { SessionCookies } from '../auth/session-cookies';
import { SessionEnd } from '../auth/signed-in.guard';
import { cookie } from '@client-gate/pages';
import { DeskPages, DeskRequest, LANGUAGE_COOKIE } from './desk-pages';
import { DESK_LANGUAGES, DeskLanguage } from './messages';

/** What the sign-in page says when a session has ended, by why. */
const ENDINGS: Record<SessionEnd, 'sessionEnded' | 'renewalRefused' | 'providerUnreachable'> = {
  ended: 'sessionEnded',
  'renewal-refused': 'renewalRefused',
  'provider-unreachable': 'providerUnreachable',
};

/** The sign-in page (the desk's front door), and the language switch. */
@Controller()
export class HomePageController {
  constructor(
    private readonly pages: DeskPages,
    private readonly sessions: Sessions,
    private readonly cookies: SessionCookies,
  ) {}

  @Get()
  async home(@Req() request: DeskRequest, @Res() response: Response, @Query() query: Record<string, unknown>): Promise<void> {
    if (await this.sessions.touch(cookie(request, this.cookies.session))) return this.pages.redirect(response, '/appointments');
    const t = this.pages.messages(request).home;
    const ended = ENDINGS[query['ended'] as SessionEnd];
    const notice = query['signed-out'] ? t.signedOut : query['ended'] ? t[ended ?? 'sessionEnded'] : query['failed'] ? t.signInFailed : null;
    this.pages.show(request, response, 'home', { title: t.title, notice });
  }

  /** Sets the officer's language and goes back where they were (only ever a path of the desk). */
  @Get('language/:lang')
  language(@Param('lang') lang: string, @Query('back') back: unknown, @Res() response: Response): void {
    if (DESK_LANGUAGES.includes(lang as DeskLanguage)) {
      response.cookie(LANGUAGE_COOKIE, lang, { httpOnly: true, sameSite: 'lax', secure: this.pages.secureCookies, path: '/', maxAge: 365 * 24 * 3600 * 1000 });
    }
    const local = typeof back === 'string' && back.startsWith('/') && !back.startsWith('//') && !back.startsWith('/\\');
    this.pages.redirect(response, local ? back : '/');
  }
}
