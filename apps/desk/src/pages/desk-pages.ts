import { Injectable } from '@nestjs/common';
import { assetPath, cookie, CsrfRefused, pageSecurityHeaders, PageTemplates, SessionCsrfToken } from '@client-gate/pages';
import { ErrorItem } from '@client-gate/platform';
import { Request, Response } from 'express';
import { OfficerSignIn } from '../auth/officer-sign-in';
import { SessionCookies } from '../auth/session-cookies';
import { Session } from '../auth/sessions';
import { DESK_LANGUAGES, DeskLanguage, LANGUAGE_NAMES, Messages, MESSAGES } from './messages';

export const LANGUAGE_COOKIE = 'desk_lang';
const CSRF_FIELD = 'csrf';

export type DeskRequest = Request & { session?: Session };

/** The templates that are pages inside the layout; `hand-over` is a document of its own (the client's language, printable). */
const PAGES = ['home', 'appointments', 'record-application', 'application', 'gateways', 'notice'] as const;
export type PageTemplate = (typeof PAGES)[number];
const TEMPLATES = ['layout', ...PAGES, 'hand-over'] as const;

export interface FormErrors {
  /** The error summary at the top: each links to its field when it has one. */
  errors: { message: string; href: string | null }[];
  byField: Record<string, string>;
}

/**
 * Renders and answers the desk's pages: Handlebars templates inside one layout, words from the officer's
 * language (hu by default, en), the security headers of SPEC §8 and the session's CSRF token.
 */
@Injectable()
export class DeskPages {
  private readonly templates = new PageTemplates(assetPath('desk', 'pages', 'templates'), TEMPLATES);
  readonly secureCookies: boolean;
  private readonly headers: Record<string, string>;

  constructor(signIn: OfficerSignIn, cookies: SessionCookies) {
    this.secureCookies = cookies.secure;
    // The sign-out form is redirected to the provider: `form-action` must allow it (it also governs redirects).
    this.headers = pageSecurityHeaders([signIn.issuerOrigin]);
  }

  language(request: Request): DeskLanguage {
    const chosen = cookie(request, LANGUAGE_COOKIE);
    return DESK_LANGUAGES.includes(chosen as DeskLanguage) ? (chosen as DeskLanguage) : 'hu';
  }

  messages(request: Request): Messages {
    return MESSAGES[this.language(request)];
  }

  show(request: DeskRequest, response: Response, template: PageTemplate, view: Record<string, unknown>, status = 200): void {
    const lang = this.language(request);
    const t = MESSAGES[lang];
    const session = request.session;
    const back = encodeURIComponent(request.originalUrl);
    const context = {
      lang,
      t,
      errors: [],
      refreshSeconds: null,
      refreshUrl: null,
      officer: session ? { name: session.name, consulate: session.consulate } : null,
      csrfToken: session?.csrfToken ?? null,
      languages: DESK_LANGUAGES.map((code) => ({ code, name: LANGUAGE_NAMES[code], href: `/language/${code}?back=${back}`, current: code === lang })),
      ...view,
    };
    this.send(response, status, this.templates.renderInLayout(template, context));
  }

  /** A whole document of its own (the hand-over sheet). */
  showDocument(response: Response, template: 'hand-over', view: Record<string, unknown>): void {
    this.send(response, 200, this.templates.render(template, view));
  }

  /** 303 See Other: after a form post, and for every redirect of the desk. */
  redirect(response: Response, location: string): void {
    response.status(303).set(this.headers).location(location).end();
  }

  /** Throws CsrfRefused unless the form carries this session's token. */
  verifyCsrf(request: DeskRequest): void {
    const token = (request.body as Record<string, unknown> | undefined)?.[CSRF_FIELD];
    if (!request.session || !SessionCsrfToken.matches(request.session.csrfToken, token)) throw new CsrfRefused();
  }

  /** The staff API's errors in the officer's language, each at its field when the form has it. */
  formErrors(t: Messages, errors: ErrorItem[], fieldOf: (error: ErrorItem) => string | undefined, fields: string[]): FormErrors {
    const byField: Record<string, string> = {};
    const summary = errors.map((error) => {
      const field = fieldOf(error);
      const message = Object.hasOwn(t.errors, error.code) ? t.errors[error.code as keyof Messages['errors']] : t.errors.UNEXPECTED;
      const atField = field !== undefined && fields.includes(field);
      if (atField && !byField[field]) byField[field] = message;
      const label = atField ? (t.fields as Record<string, { label: string }>)[field]?.label : undefined;
      return { message: label ? `${label}: ${message}` : message, href: atField ? `#${fieldId(field)}` : null };
    });
    return { errors: summary, byField };
  }

  private send(response: Response, status: number, html: string): void {
    response.status(status).set(this.headers).type('html').send(html);
  }
}

/** A field's element id: its name with dots made dashes (ids that CSS and fragment links take as they are). */
export function fieldId(name: string): string {
  return name.replace(/\./g, '-');
}
