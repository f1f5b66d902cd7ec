import { Inject, Injectable } from '@nestjs/common';
import { Locale, storableText } from '@client-gate/contracts';
import { cookie, CsrfRefused, pageSecurityHeaders, PageNotice, SignedDoubleSubmitCsrf } from '@client-gate/pages';
import { ApiError, validated } from '@client-gate/platform';
import { NextFunction, Request, Response } from 'express';
import { z } from 'zod';
import { ACTIVATION_ENV, ActivationEnv } from '../config';
import { pageCsrfKey } from './page-csrf-key';
import { pageLanguage } from './page-language';
import { formFields, isFormPost } from './page-forms';
import { FieldName, FormState, PageName, PageRenderer, PAGES } from './page-renderer';

type PageFieldName<P extends PageName> = keyof (typeof PAGES)[P]['fields'] & string;

const CSRF_COOKIE = 'csrf';
const CSRF_FIELD = 'csrf';
/** R24: the pages' session (or enrolment token) lives in this cookie: HttpOnly, SameSite=Strict, Secure in production. */
const SESSION_COOKIE = 'session';

/** What a form post leads to: another page by a 303 (Post/Redirect/Get), or a page shown at once. */
export type PageOutcome = { redirect: string } | { page?: PageName; state: FormState };
/** A form's fields are text as the JSON API's are: a 400 naming the field that is not. */
const STORABLE_FIELDS = z.record(z.string(), storableText);

/** R27: the passkeys' script is a file of ours; nothing inline runs. */
const PAGE_HEADERS = pageSecurityHeaders([], { scripts: true });

/** Answers the pages' requests: language, CSRF cookie and token, security headers, the rendered page. */
@Injectable()
export class PageResponder {
  private readonly renderer = new PageRenderer();
  private readonly csrf: SignedDoubleSubmitCsrf;
  private readonly secureCookie: boolean;

  constructor(@Inject(ACTIVATION_ENV) env: ActivationEnv) {
    this.csrf = new SignedDoubleSubmitCsrf(pageCsrfKey(env));
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
    await this.handleForm(request, response, next, page, async (fields) => ({ state: { success: await command(fields) } }));
  }

  /**
   * Like `submitForm`, for forms that lead elsewhere: the command's outcome is a redirect or a page. After the
   * API's errors, `page` is shown again with them, what was typed and what `onError` adds (the page's other data).
   * Other failures go on to ActivationPageErrorFilter.
   */
  async handleForm<P extends PageName>(
    request: Request,
    response: Response,
    next: NextFunction,
    page: P,
    command: (fields: Record<PageFieldName<P>, string>) => Promise<PageOutcome>,
    onError: () => Promise<FormState> = async () => ({}),
  ): Promise<void> {
    if (!isFormPost(request)) return next();
    this.verifyCsrf(request);
    const fields = formFields(request, Object.keys(PAGES[page].fields) as PageFieldName<P>[]);
    // What was typed is shown again after an error; a password never is, so it is not even kept.
    const { password: _password, currentPassword: _current, newPassword: _new, ...typed } = fields as Record<string, string>;
    let outcome: PageOutcome;
    try {
      validated(STORABLE_FIELDS, fields);
      outcome = await command(fields);
    } catch (error) {
      if (!(error instanceof ApiError)) throw error;
      response.set(error.headers);
      const state = await onError();
      return this.show(request, response, page, { ...state, typed: typed as Partial<Record<FieldName, string>>, errors: error.errors }, error.getStatus());
    }
    if ('redirect' in outcome) return this.redirect(request, response, outcome.redirect);
    this.show(request, response, outcome.page ?? page, outcome.state);
  }

  /** 303 to a page of ours (a path, maybe with a query), in the request's language. */
  redirect(request: Request, response: Response, path: string): void {
    const separator = path.includes('?') ? '&' : '?';
    response.status(303).set(PAGE_HEADERS).location(`${path}${separator}lang=${this.language(request)}`).end();
  }

  /**
   * R24: a new session (or enrolment token) for this browser. At sign-in the CSRF cookie is new too, so that
   * nothing set before it carries over; the page that follows is then reached by a redirect.
   */
  startSession(response: Response, token: string, { rotateCsrf }: { rotateCsrf: boolean }): void {
    const options = { httpOnly: true, sameSite: 'strict', path: '/', secure: this.secureCookie } as const;
    response.cookie(SESSION_COOKIE, token, options);
    if (rotateCsrf) response.cookie(CSRF_COOKIE, this.csrf.newNonce(), options);
  }

  endSession(response: Response): void {
    response.clearCookie(SESSION_COOKIE, { httpOnly: true, sameSite: 'strict', path: '/', secure: this.secureCookie });
  }

  sessionToken(request: Request): string | undefined {
    return cookie(request, SESSION_COOKIE);
  }

  /** The page's language, for words chosen outside the templates. */
  languageOf(request: Request): Locale {
    return this.language(request);
  }

  /** Throws CsrfRefused unless the form carries the token of this browser's CSRF cookie. */
  private verifyCsrf(request: Request): void {
    if (!this.csrf.matches(cookie(request, CSRF_COOKIE), formFields(request, [CSRF_FIELD])[CSRF_FIELD])) throw new CsrfRefused();
  }

  showNotice(request: Request, response: Response, notice: PageNotice, status: number): void {
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
