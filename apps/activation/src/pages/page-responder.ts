import { Inject, Injectable } from '@nestjs/common';
import { Locale, storableText } from '@client-gate/contracts';
import { ApiError, validated } from '@client-gate/platform';
import { NextFunction, Request, Response } from 'express';
import { z } from 'zod';
import { ACTIVATION_ENV, ActivationEnv } from '../config';
import { CsrfRefused, CsrfTokens, pageCsrfKey } from './csrf';
import { pageLanguage } from './page-language';
import { formFields, isFormPost } from './page-forms';
import { FieldName, FormState, NoticeName, PageName, PageRenderer, PAGES } from './page-renderer';

type PageFieldName<P extends PageName> = keyof (typeof PAGES)[P]['fields'] & string;

const CSRF_COOKIE = 'csrf';
const CSRF_FIELD = 'csrf';
/** A form's fields are text as the JSON API's are: a 400 naming the field that is not. */
const STORABLE_FIELDS = z.record(z.string(), storableText);

/** SPEC §8 for pages: nothing runs or loads but our stylesheet, no framing, no referrer, nothing cached (they carry tokens and codes). */
const PAGE_HEADERS = {
  'Content-Security-Policy':
    "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
  'Referrer-Policy': 'no-referrer',
  'X-Content-Type-Options': 'nosniff',
  'X-Frame-Options': 'DENY',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cache-Control': 'no-store',
};

/** Answers the pages' requests: language, CSRF cookie and token, security headers, the rendered page. */
@Injectable()
export class PageResponder {
  private readonly renderer = new PageRenderer();
  private readonly csrf: CsrfTokens;
  private readonly secureCookie: boolean;

  constructor(@Inject(ACTIVATION_ENV) env: ActivationEnv) {
    this.csrf = new CsrfTokens(pageCsrfKey(env));
    this.secureCookie = env.NODE_ENV === 'production';
  }

  show(request: Request, response: Response, page: PageName, state: FormState = {}, status = 200): void {
    this.send(response, status, this.renderer.render(page, this.language(request), this.csrfToken(request, response), state));
  }

  /**
   * A page's POST: any other request (the JSON API's, on the same path) goes on to `next`; a form post must
   * carry this browser's CSRF token, then `command` runs with the page's fields (see `submit`).
   */
  async submitForm<P extends PageName>(
    request: Request,
    response: Response,
    next: NextFunction,
    page: P,
    command: (fields: Record<PageFieldName<P>, string>) => Promise<FormState['success']>,
  ): Promise<void> {
    if (!isFormPost(request)) return next();
    this.verifyCsrf(request);
    const fields = formFields(request, Object.keys(PAGES[page].fields) as PageFieldName<P>[]);
    // What was typed is shown again after an error; a password never is, so it is not even kept.
    const { password: _password, ...typed } = fields as Record<string, string>;
    await this.submit(request, response, page, typed, () => {
      validated(STORABLE_FIELDS, fields);
      return command(fields);
    });
  }

  /**
   * Runs a form's command and shows the page again: with the outcome, or with the API's errors in the
   * page's language and what was typed. Other failures go on to PageErrorFilter.
   */
  private async submit(
    request: Request,
    response: Response,
    page: PageName,
    typed: Partial<Record<FieldName, string>>,
    command: () => Promise<FormState['success']>,
  ): Promise<void> {
    let success: FormState['success'];
    try {
      success = await command();
    } catch (error) {
      if (!(error instanceof ApiError)) throw error;
      response.set(error.headers);
      return this.show(request, response, page, { typed, errors: error.errors }, error.getStatus());
    }
    this.show(request, response, page, { success });
  }

  /** Throws CsrfRefused unless the form carries the token of this browser's CSRF cookie. */
  private verifyCsrf(request: Request): void {
    if (!this.csrf.matches(cookie(request, CSRF_COOKIE), formFields(request, [CSRF_FIELD])[CSRF_FIELD])) throw new CsrfRefused();
  }

  showNotice(request: Request, response: Response, notice: NoticeName, status: number): void {
    const page = (Object.keys(PAGES) as PageName[]).find((name) => PAGES[name].path === request.path) ?? 'activate';
    this.send(response, status, this.renderer.renderNotice(notice, page, this.language(request)));
  }

  private language(request: Request): Locale {
    return pageLanguage(request.query['lang'], request.headers['accept-language']);
  }

  /** The token for this browser's CSRF cookie, which is set when missing (so that several open forms share it). */
  private csrfToken(request: Request, response: Response): string {
    let nonce = cookie(request, CSRF_COOKIE);
    if (!this.csrf.isNonce(nonce)) {
      nonce = this.csrf.newNonce();
      response.cookie(CSRF_COOKIE, nonce, { httpOnly: true, sameSite: 'strict', path: '/', secure: this.secureCookie });
    }
    return this.csrf.tokenFor(nonce);
  }

  private send(response: Response, status: number, html: string): void {
    response.status(status).set(PAGE_HEADERS).type('html').send(html);
  }
}

function cookie(request: Request, name: string): string | undefined {
  for (const pair of (request.headers.cookie ?? '').split(';')) {
    const [key, ...value] = pair.trim().split('=');
    if (key === name) return value.join('=');
  }
  return undefined;
}
