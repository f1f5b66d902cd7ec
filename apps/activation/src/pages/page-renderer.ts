import { byLocale, Locale, locales } from '@client-gate/contracts';
import { assetPath, PageNotice, PageTemplates } from '@client-gate/pages';
import { ErrorItem } from '@client-gate/platform';
import { HelperOptions } from 'handlebars';
import { LANGUAGE_NAMES, Messages, MESSAGES } from './messages';

/** Instants as each language writes them, in UTC (SPEC §6). */
const DATE_TIMES = byLocale((locale) => new Intl.DateTimeFormat(locale, { dateStyle: 'long', timeStyle: 'short', timeZone: 'UTC' }));

interface FieldSpec {
  words: (t: Messages) => { label: string; hint?: string };
  type: 'text' | 'password' | 'email';
  autocomplete: string;
  inputmode?: 'numeric';
  autocapitalize: 'none' | 'characters';
  /** The input's width class: as wide as what it holds. */
  size: 'code' | 'days' | 'wide';
}

const FIELDS = {
  code: { words: (t) => t.fields.code, type: 'text', autocomplete: 'one-time-code', autocapitalize: 'characters', size: 'code' },
  newUsername: { words: (t) => t.fields.username, type: 'text', autocomplete: 'username', autocapitalize: 'none', size: 'wide' },
  newPassword: { words: (t) => t.fields.newPassword, type: 'password', autocomplete: 'new-password', autocapitalize: 'none', size: 'wide' },
  validityDays: {
    words: (t) => t.fields.passwordValidityDays,
    type: 'text',
    autocomplete: 'off',
    inputmode: 'numeric',
    autocapitalize: 'none',
    size: 'days',
  },
  email: { words: (t) => t.fields.email, type: 'email', autocomplete: 'email', autocapitalize: 'none', size: 'wide' },
  username: { words: (t) => t.fields.loginUsername, type: 'text', autocomplete: 'username', autocapitalize: 'none', size: 'wide' },
  password: { words: (t) => t.fields.password, type: 'password', autocomplete: 'current-password', autocapitalize: 'none', size: 'wide' },
  currentPassword: { words: (t) => t.fields.currentPassword, type: 'password', autocomplete: 'current-password', autocapitalize: 'none', size: 'wide' },
  factorCode: { words: (t) => t.fields.factorCode, type: 'text', autocomplete: 'one-time-code', inputmode: 'numeric', autocapitalize: 'none', size: 'days' },
  passkeyName: { words: (t) => t.fields.passkeyName, type: 'text', autocomplete: 'off', autocapitalize: 'none', size: 'wide' },
  removalCode: { words: (t) => t.fields.removalCode, type: 'text', autocomplete: 'off', autocapitalize: 'characters', size: 'code' },
} satisfies Record<string, FieldSpec>;

/** The pages, their paths and their form fields; each field is named as in the JSON API, so that its errors land on it. */
export const PAGES = {
  activate: {
    path: '/activate',
    title: (t: Messages) => t.activate.title,
    fields: { code: FIELDS.code, username: FIELDS.newUsername, password: FIELDS.newPassword, passwordValidityDays: FIELDS.validityDays },
  },
  'reset-password': {
    path: '/reset-password',
    title: (t: Messages) => t.resetPassword.title,
    fields: { code: FIELDS.code, password: FIELDS.newPassword, passwordValidityDays: FIELDS.validityDays },
  },
  'forgotten-password': {
    path: '/forgotten-password',
    title: (t: Messages) => t.forgottenPassword.title,
    fields: { email: FIELDS.email },
  },
  login: {
    path: '/login',
    title: (t: Messages) => t.login.title,
    fields: { username: FIELDS.username, password: FIELDS.password },
  },
  /** R22: the login's second step; the challenge travels in a hidden field. */
  'login-second-factor': {
    path: '/login',
    title: (t: Messages) => t.secondFactorLogin.title,
    fields: { code: FIELDS.factorCode, removalCode: FIELDS.removalCode },
  },
  /** R22, R23, R27: choosing, setting up and confirming a second factor (a passkey with its name); the removal code is shown once. */
  'second-factor': {
    path: '/account/second-factor',
    title: (t: Messages) => t.enrol.title,
    fields: { code: FIELDS.factorCode, name: FIELDS.passkeyName },
  },
  /** R24: the client's data, password change, second factor and logout. */
  account: {
    path: '/account',
    title: (t: Messages) => t.account.title,
    fields: {
      currentPassword: FIELDS.currentPassword,
      newPassword: FIELDS.newPassword,
      passwordValidityDays: FIELDS.validityDays,
      password: FIELDS.password,
      code: FIELDS.factorCode,
    },
  },
  /** R26: the password and a code again, then on with the change that asked for them (`then` in a hidden field). */
  reauthenticate: {
    path: '/account/reauthenticate',
    title: (t: Messages) => t.reauthenticate.title,
    fields: { password: FIELDS.password, code: FIELDS.factorCode },
  },
  /** R26: "this was not me", opened from the new-sign-in email; the token travels in a hidden field. */
  'not-me': {
    path: '/not-me',
    title: (t: Messages) => t.notMe.title,
    fields: {},
  },
} satisfies Record<string, { path: string; title: (t: Messages) => string; fields: Record<string, FieldSpec> }>;

export type PageName = keyof typeof PAGES;
export type FieldName = { [P in PageName]: keyof (typeof PAGES)[P]['fields'] }[PageName];

export interface FormState {
  /** What the client typed; password fields are never shown again whatever is here. */
  typed?: Partial<Record<FieldName, string>>;
  /** The API's errors: each is shown in the page's language, at its field when the page has it. */
  errors?: ErrorItem[];
  success?: { username?: string; email?: string; passwordExpiresAt?: string };
  /** What else a page shows (the account's data, a QR code, a challenge), as its template names it. */
  view?: Record<string, unknown>;
}

/**
 * Renders the clients' pages: one Handlebars template per page inside one shared layout, with the words
 * from the page language's message catalogue (`messages/<lang>.ts`). One template per page rather than
 * per page and language, so that the markup that accessibility depends on (labels, hints, errors tied
 * to their fields) is written once; the catalogues are TypeScript, so the compiler checks that every
 * language has every message. Templates compile in strict mode: a misspelt message key fails loudly.
 */
export class PageRenderer {
  private readonly templates = new PageTemplates(assetPath('activation', 'pages', 'templates'), ['layout', 'notice', ...(Object.keys(PAGES) as PageName[])], {
    dateTime: (iso: string, options: HelperOptions) => dateTime(iso, (options.data.root as { lang: Locale }).lang),
  });

  render(page: PageName, lang: Locale, csrfToken: string, state: FormState = {}): string {
    const t = MESSAGES[lang];
    const { path, title, fields: specs } = PAGES[page];
    const fieldErrors = new Map<string, string>();
    const errors = (state.errors ?? []).map(({ code, field }) => {
      const message = Object.hasOwn(t.errors, code) ? t.errors[code as keyof Messages['errors']] : t.errors.UNEXPECTED;
      const atField = field !== undefined && Object.hasOwn(specs, field);
      if (atField && !fieldErrors.has(field)) fieldErrors.set(field, message);
      return { message, href: atField ? `#${field}` : null };
    });
    const fields = Object.fromEntries(
      Object.entries(specs).map(([name, spec]: [string, FieldSpec]) => {
        const { label, hint = null } = spec.words(t);
        const error = fieldErrors.get(name) ?? null;
        const typed = state.typed?.[name as FieldName] ?? '';
        return [
          name,
          {
            name,
            label,
            hint,
            error,
            type: spec.type,
            autocomplete: spec.autocomplete,
            inputmode: spec.inputmode ?? null,
            autocapitalize: spec.autocapitalize,
            size: spec.size,
            value: spec.type === 'password' ? '' : typed,
            describedBy: [hint && `${name}-hint`, error && `${name}-error`].filter(Boolean).join(' ') || null,
          },
        ];
      }),
    );
    const { success } = state;
    return this.page(page, lang, path, {
      title: title(t),
      action: `${path}?lang=${lang}`,
      csrfToken,
      fields,
      errors,
      success: success ? { ...success, expiresAt: success.passwordExpiresAt && dateTime(success.passwordExpiresAt, lang) } : null,
      view: state.view ?? {},
    });
  }

  /** A page that explains why a form was not handled (a refused CSRF token, an outage), linking back to the form. */
  renderNotice(notice: PageNotice, page: PageName, lang: Locale): string {
    const t = MESSAGES[lang];
    const { path } = PAGES[page];
    const words =
      notice === 'csrf'
        ? { title: t.refused.title, text: t.refused.csrf, back: t.refused.back }
        : { title: t.failed.title, text: t.failed[notice], back: t.failed.back };
    return this.page('notice', lang, path, { ...words, errors: [], backHref: `${path}?lang=${lang}` });
  }

  private page(template: PageName | 'notice', lang: Locale, path: string, view: Record<string, unknown>): string {
    const context = {
      lang,
      t: MESSAGES[lang],
      languages: locales.map((code) => ({ code, name: LANGUAGE_NAMES[code], href: `${path}?lang=${code}`, current: code === lang })),
      links: { login: `${PAGES.login.path}?lang=${lang}`, forgottenPassword: `${PAGES['forgotten-password'].path}?lang=${lang}` },
      ...view,
    };
    return this.templates.renderInLayout(template, context);
  }
}

/** An instant in the page's language, in UTC as everywhere (SPEC §6). */
export function dateTime(iso: string, lang: Locale): string {
  return `${DATE_TIMES[lang].format(new Date(iso))} UTC`;
}
