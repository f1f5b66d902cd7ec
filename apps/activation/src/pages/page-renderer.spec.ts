import { locales } from '@client-gate/contracts';
import { FormState, PageName, PageRenderer, PAGES } from './page-renderer';

/** Handlebars writes `=` in attributes as `&#x3D;` (the same to a browser); the assertions read it plainly. */
const renderer = {
  real: new PageRenderer(),
  render: (...args: Parameters<PageRenderer['render']>) => renderer.real.render(...args).replaceAll('&#x3D;', '='),
  renderNotice: (...args: Parameters<PageRenderer['renderNotice']>) => renderer.real.renderNotice(...args).replaceAll('&#x3D;', '='),
};
const pages = Object.keys(PAGES) as PageName[];
const TOKEN = 'token-of-the-form';

/** What the pages that show more than a form need to render (R22–R24), and where their first form posts. */
const SAMPLES: Partial<Record<PageName, { state: FormState; action: string; fields?: string[] }>> = {
  'login-second-factor': { state: { view: { challenge: 'c', method: 'totp', methods: 'totp,email', others: ['email'], passkeyOptions: null } }, action: '/login/second-factor' },
  // The passkey's step (its `name` field) is rendered below.
  'second-factor': { state: { view: { step: 'totp', qrSvg: '<svg></svg>', groupedSecret: 'ABCD EFGH' } }, action: '/account/second-factor/totp/confirm', fields: ['code'] },
  account: {
    state: {
      view: {
        account: {
          familyName: 'Kovács', givenNames: 'Olena', email: 'o@example.org', consulate: 'HU-KYIV', username: 'olena_k', passwordExpiresAt: '2028-01-01T00:00:00Z', secondFactor: 'totp',
          secondFactors: [{ method: 'totp' }, { method: 'email' }],
        },
        factorName: 'TOTP',
        removable: [{ value: 'totp', label: 'Authenticator app' }, { value: 'email', label: 'Code by email' }],
        passkeys: [],
        proofOptions: null,
        hasEmailFactor: true,
        severalFactors: true,
        canAddFactor: false,
        notice: null,
        removalCode: 'ABCD-EFGH-JKMN-PQRS',
        sessions: [
          { id: '0b6f5a43-8d6c-4d47-9d3b-9a6a8c7f0a11', startedAt: '2027-01-01T08:00:00Z', lastActiveAt: '2027-01-01T09:00:00Z', browser: 'Firefox 128 (Windows)', current: true },
          { id: '5d1e4c3b-2a19-4f08-8e7d-6c5b4a392817', startedAt: '2027-01-01T07:00:00Z', lastActiveAt: '2027-01-01T07:30:00Z', browser: null, current: false },
        ],
        hasOtherSessions: true,
        activity: [{ at: '2027-01-01T08:00:00Z', what: 'Signed in', browser: 'Firefox 128 (Windows)', address: '203.0.113.x' }],
      },
    },
    action: '/account/password',
  },
  reauthenticate: { state: { view: { then: 'password', emailFactor: true, notice: null, proofOptions: null } }, action: '/account/reauthenticate/code' },
  'not-me': { state: { view: { token: 'the-token', done: false } }, action: '/not-me' },
};

/** The opening tag of the element with that id. */
const tagWithId = (html: string, id: string) => new RegExp(`<[a-z]+ [^>]*id="${id}"[^>]*>`).exec(html)?.[0] ?? '';

describe('PageRenderer (SPEC §3 pages, R21)', () => {
  it.each(pages.flatMap((page) => locales.map((lang) => [page, lang] as const)))(
    'R21: %s renders in %s: lang on <html>, a labelled input for every field, the CSRF token, the language links',
    (page, lang) => {
      const html = renderer.render(page, lang, TOKEN, SAMPLES[page]?.state);
      expect(html).toMatch(new RegExp(`^<!doctype html>\\s*<html lang="${lang}">`));
      for (const field of SAMPLES[page]?.fields ?? Object.keys(PAGES[page].fields)) {
        expect(html).toContain(`<label class="field__label" for="${field}">`);
        expect(tagWithId(html, field)).toContain(`name="${field}"`);
      }
      expect(html).toContain(`<input type="hidden" name="csrf" value="${TOKEN}">`);
      expect(html).toContain(`action="${SAMPLES[page]?.action ?? PAGES[page].path}?lang=${lang}"`);
      for (const other of locales) expect(html).toContain(`href="${PAGES[page].path}?lang=${other}" hreflang="${other}"`);
      expect(html).toContain(`hreflang="${lang}" lang="${lang}" aria-current="true"`);
      expect(html).not.toMatch(/<script|\sstyle=|\son[a-z]+=/i);
    },
  );

  it('R21: the words are the page language\'s', () => {
    expect(renderer.render('activate', 'hu', TOKEN)).toContain('Ügyfélkapu aktiválása');
    expect(renderer.render('activate', 'en', TOKEN)).toContain('Activate your Client Gate');
    expect(renderer.render('activate', 'uk', TOKEN)).toContain('Активація Клієнтського шлюзу');
  });

  it('ties a field\'s error to it (aria-invalid, aria-describedby) and lists it in a summary that links to the field', () => {
    const state: FormState = {
      typed: { code: 'ABCD-EFGH-JKMN-PQRS', username: 'olena_k', passwordValidityDays: '900' },
      errors: [
        { code: 'INVALID_CODE', field: 'code', message: 'This code is not valid.' },
        { code: 'PASSWORD_VALIDITY_OUT_OF_RANGE', field: 'passwordValidityDays', message: 'out of range' },
      ],
    };
    const html = renderer.render('activate', 'en', TOKEN, state);
    expect(html).toContain('<title>Error: Activate your Client Gate');
    expect(html).toMatch(/<div class="error-summary" role="alert"[^>]*>[\s\S]*<a href="#code">This code is not valid\. It may be/);
    expect(html).toContain('<a href="#passwordValidityDays">Enter a whole number of days from 1 to 730');
    const code = tagWithId(html, 'code');
    expect(code).toContain('aria-invalid="true"');
    expect(code).toContain('aria-describedby="code-hint code-error"');
    expect(code).toContain('value="ABCD-EFGH-JKMN-PQRS"');
    expect(html).toMatch(/<p class="field__error" id="code-error">.*This code is not valid/);
    const username = tagWithId(html, 'username');
    expect(username).not.toContain('aria-invalid');
    expect(username).toContain('aria-describedby="username-hint"');
    expect(username).toContain('value="olena_k"');
  });

  it('never shows a typed password again', () => {
    const html = renderer.render('login', 'en', TOKEN, {
      typed: { username: 'olena_k', password: 'correct horse battery staple' } as FormState['typed'],
      errors: [{ code: 'INVALID_CREDENTIALS', message: 'The username or password is not correct.' }],
    });
    expect(html).not.toContain('correct horse');
    expect(tagWithId(html, 'password')).toContain('value=""');
  });

  it('an error without a field of the page is in the summary only; an unknown code gets a general message', () => {
    const html = renderer.render('login', 'uk', TOKEN, {
      errors: [{ code: 'TOO_MANY_ATTEMPTS', message: 'Too many' }, { code: 'SOMETHING_NEW', field: 'nope', message: 'x' }],
    });
    expect(html).toContain('<li>Забагато невдалих спроб.');
    expect(html).toContain('<li>Щось пішло не так. Спробуйте ще раз.</li>');
    expect(html).not.toContain('aria-invalid');
  });

  it('escapes what the client typed, in fields and in messages', () => {
    const evil = '"><script>alert(1)</script>';
    const form = renderer.render('forgotten-password', 'en', TOKEN, { typed: { email: evil }, errors: [] });
    expect(form).not.toContain('<script>');
    expect(form).toContain('value="&quot;&gt;&lt;script&gt;');
    const done = renderer.render('forgotten-password', 'en', TOKEN, { success: { email: evil } });
    expect(done).not.toContain('<script>');
    expect(done).toContain('<strong>&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;</strong>');
  });

  it('a success shows the outcome in the page\'s language instead of the form, with the expiry in UTC', () => {
    const success = { username: 'olena_k', passwordExpiresAt: '2029-02-28T09:05:00.000Z' };
    const en = renderer.render('activate', 'en', TOKEN, { success });
    expect(en).toContain('role="status"');
    expect(en).toContain('Your username is <strong>olena_k</strong>. Your password is valid until <strong>28 February 2029 at 09:05 UTC</strong>.');
    expect(en).not.toContain('<form');
    expect(en).toContain('href="/login?lang=en"');
    expect(renderer.render('activate', 'hu', TOKEN, { success })).toContain('<strong>2029. február 28. 9:05 UTC</strong>');
    expect(renderer.render('reset-password', 'uk', TOKEN, { success })).toContain('<strong>28 лютого 2029 р. о 09:05 UTC</strong>');
  });

  it('the notice pages explain and link back to the form, in the page\'s language', () => {
    const html = renderer.renderNotice('csrf', 'login', 'hu');
    expect(html).toContain('<html lang="hu">');
    expect(html).toContain('Az űrlapot nem sikerült elküldeni');
    expect(html).toContain('<a href="/login?lang=hu">Az űrlap újbóli megnyitása</a>');
    expect(renderer.renderNotice('unavailable', 'activate', 'en')).toContain('temporarily unavailable');
  });
});

describe('R26 on the account page', () => {
  it.each(locales)('lists the sessions with a sign-out form each (this browser marked), the activity and the new removal code (%s)', (lang) => {
    const html = renderer.render('account', lang, TOKEN, SAMPLES.account!.state);
    expect(html).toContain('action="/account/sessions/5d1e4c3b-2a19-4f08-8e7d-6c5b4a392817/end?lang=' + lang + '"');
    expect(html).toContain('action="/account/sessions/end-others?lang=' + lang + '"');
    expect(html.match(/name="csrf" value="token-of-the-form"/g)!.length).toBeGreaterThanOrEqual(6);
    expect(html).toContain('Firefox 128 (Windows)');
    expect(html).toContain('203.0.113.x');
    expect(html).toContain('<code class="secret" id="removal-code">ABCD-EFGH-JKMN-PQRS</code>');
  });

  it('the "this was not me" page carries its token in a hidden field, and says when it is done', () => {
    expect(renderer.render('not-me', 'en', TOKEN, SAMPLES['not-me']!.state)).toContain('<input type="hidden" name="token" value="the-token">');
    expect(renderer.render('not-me', 'en', TOKEN, { view: { token: '', done: true } })).toContain('Every session has been signed out');
  });
});

describe('R27 several factors on the pages', () => {
  it.each(locales)('the login\'s second step offers the account\'s other factor; the account page asks which factor to remove (%s)', (lang) => {
    const login = renderer.render('login-second-factor', lang, TOKEN, SAMPLES['login-second-factor']!.state);
    expect(login).toContain(`action="/login/second-factor/options?lang=${lang}"`);
    expect(login).toContain('<input type="hidden" name="method" value="email">');
    const account = renderer.render('account', lang, TOKEN, SAMPLES.account!.state);
    expect(account).toContain('<input type="radio" name="method" value="totp" checked>');
    expect(account).toContain('<input type="radio" name="method" value="email">');
  });
});

describe('R27 passkeys on the pages: options in data attributes for /assets/passkeys.js, nothing inline', () => {
  const options = JSON.stringify({ challenge: 'Y2hhbGxlbmdl', rpId: 'localhost', allowCredentials: [{ id: 'Y3JlZA', type: 'public-key' }] });
  const onlyOurScript = (html: string) => {
    expect(html.match(/<script[^>]*>/g)).toEqual(['<script src="/assets/passkeys.js" defer>']);
    expect(html).toMatch(/<script src="\/assets\/passkeys.js" defer><\/script>/);
    expect(html).not.toMatch(/\son[a-z]+=|\sstyle=/i);
  };

  it.each(locales)('the passkey\'s enrolment step: an optional name, the creation options, the credential\'s hidden field (%s)', (lang) => {
    const html = renderer.render('second-factor', lang, TOKEN, { view: { step: 'passkey', passkeyOptions: options } });
    expect(html).toContain('<label class="field__label" for="name">');
    expect(html).toContain(`action="/account/second-factor/passkey?lang=${lang}" data-passkey="create" data-field="credential"`);
    // Escaped for the attribute; the browser reads it back as the JSON.
    expect(html).toContain('data-options="{&quot;challenge&quot;:&quot;Y2hhbGxlbmdl&quot;');
    expect(html).toContain('<input type="hidden" name="credential" value="">');
    expect(html).toContain('<noscript>');
    onlyOurScript(html);
  });

  it.each(locales)('the choices offer a passkey too, without script (%s)', (lang) => {
    const html = renderer.render('second-factor', lang, TOKEN, {});
    expect(html).toContain(`action="/account/second-factor/passkey/options?lang=${lang}"`);
    expect(html).not.toContain('<script');
  });

  it.each(locales)('the login\'s passkey step posts the assertion in a hidden field; the removal code stays a plain form (%s)', (lang) => {
    const html = renderer.render('login-second-factor', lang, TOKEN, { view: { challenge: 'c', method: 'passkey', methods: 'passkey,totp', others: ['totp'], passkeyOptions: options } });
    expect(html).toContain('data-passkey="get" data-field="assertion"');
    expect(html).toContain('<input type="hidden" name="assertion" value="">');
    expect(html).not.toContain('id="code"');
    expect(html).toContain('id="removalCode"');
    expect(html).toContain('<input type="hidden" name="method" value="totp">');
    onlyOurScript(html);
  });

  it('the account page lists the passkeys and lets a removal be proven with one instead of a code', () => {
    const state = SAMPLES.account!.state;
    const html = renderer.render('account', 'en', TOKEN, {
      view: {
        ...state.view,
        removable: [{ value: 'passkey:0b6f5a43-8d6c-4d47-9d3b-9a6a8c7f0a11', label: 'Passkey (Work laptop)' }],
        passkeys: [{ id: '0b6f5a43-8d6c-4d47-9d3b-9a6a8c7f0a11', name: 'Work laptop', enrolledAt: '2027-01-01T08:00:00Z', lastUsedAt: null }],
        proofOptions: options,
      },
    });
    expect(html).toContain('<input type="radio" name="method" value="passkey:0b6f5a43-8d6c-4d47-9d3b-9a6a8c7f0a11" checked> Passkey (Work laptop)');
    expect(html).toContain('<td>Work laptop</td>');
    expect(html).toContain('name="proof" value="passkey" data-passkey-trigger>Instead of a code, confirm with a passkey</button>');
    onlyOurScript(html);
  });
});
