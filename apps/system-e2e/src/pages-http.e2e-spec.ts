import fc from 'fast-check';
import { codeEmailed, registerActive, registerPending, uniqueUsername } from './support/activation-fixtures';
import { advanceClock, resetClock } from './support/clock';
import { query } from './support/database';
import { newPerson } from './support/fixtures';
import { call } from './support/http';
import { errorSummary, FormSession, langOf, pageRequest, plainText, tagOf, textOf } from './support/pages-forms';

const PAGE_PATHS = ['/activate', '/forgotten-password', '/reset-password', '/login'];
const PASSWORD = 'correct horse battery staple 42';
const DAY_MS = 24 * 60 * 60 * 1000;

describe('the clients\' pages over plain HTTP (SPEC §3 pages, §8 page security, R21)', () => {
  afterAll(() => resetClock());

  describe('headers and languages', () => {
    it.each(PAGE_PATHS)('SPEC §8: GET %s is HTML with a strict CSP, no referrer, no framing, no sniffing, no caching', async (path) => {
      const page = await pageRequest('GET', path);
      expect(page.status).toBe(200);
      expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
      const csp = page.headers.get('content-security-policy') ?? '';
      expect(csp.split(/;\s*/)).toEqual(
        expect.arrayContaining(["default-src 'none'", "style-src 'self'", "form-action 'self'", "frame-ancestors 'none'"]),
      );
      // R27: script only from files of ours (passkeys.js), never inline; these pages load none.
      expect(csp.split(/;\s*/)).toContain("script-src 'self'");
      expect(csp).not.toMatch(/unsafe-inline|unsafe-eval|unsafe-hashes|nonce-|sha256-/);
      expect(page.headers.get('referrer-policy')).toBe('no-referrer');
      expect(page.headers.get('x-content-type-options')).toBe('nosniff');
      expect(page.headers.get('x-frame-options')).toBe('DENY');
      expect(page.headers.get('cache-control')).toBe('no-store');
      expect(page.html).not.toMatch(/<script|\sstyle=|\son[a-z]+=/i);
      expect(page.html).toContain('<link rel="stylesheet" href="/assets/pages.css">');
    });

    it('SPEC §8: the CSRF cookie is HttpOnly and SameSite=Strict, and each form carries a token', async () => {
      const page = await pageRequest('GET', '/activate');
      const [cookie] = page.headers.getSetCookie();
      expect(cookie).toMatch(/^csrf=[A-Za-z0-9_-]{43}; Path=\/; HttpOnly; SameSite=Strict$/);
      expect(page.html).toMatch(/<input type="hidden" name="csrf" value="[A-Za-z0-9_-]{43}">/);
    });

    it('R27: the passkeys\' script is a file served by activation itself, as JavaScript that is not sniffed', async () => {
      const script = await pageRequest('GET', '/assets/passkeys.js');
      expect(script.status).toBe(200);
      expect(script.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
      expect(script.headers.get('x-content-type-options')).toBe('nosniff');
      expect(script.html).toContain('navigator.credentials.create');
    });

    it('the stylesheet is served by activation itself (the CSP allows no other)', async () => {
      const css = await pageRequest('GET', '/assets/pages.css');
      expect(css.status).toBe(200);
      expect(css.headers.get('content-type')).toBe('text/css; charset=utf-8');
      expect(css.html).toContain('#436f4d');
    });

    it('R21: ?lang= chooses hu, en or uk; otherwise Accept-Language; otherwise Hungarian', async () => {
      const titles = { hu: 'Ügyfélkapu aktiválása', en: 'Activate your Client Gate', uk: 'Активація Клієнтського шлюзу' };
      for (const [lang, title] of Object.entries(titles)) {
        const page = await pageRequest('GET', `/activate?lang=${lang}`, { headers: { 'accept-language': 'de' } });
        expect(langOf(page.html)).toBe(lang);
        expect(textOf(page.html, 'main')).toContain(title);
      }
      expect(langOf((await pageRequest('GET', '/login', { headers: { 'accept-language': 'de-AT, uk;q=0.8, en;q=0.5' } })).html)).toBe('uk');
      expect(langOf((await pageRequest('GET', '/login?lang=fr', { headers: { 'accept-language': 'en-GB' } })).html)).toBe('en');
      expect(langOf((await pageRequest('GET', '/login')).html)).toBe('hu');
    });
  });

  describe('CSRF', () => {
    it('SPEC §8: a form post without the cookie and token, or with a wrong token, is refused with a page that explains (403); the code stays usable', async () => {
      const { code } = await registerPending();
      const username = uniqueUsername('page');
      const form = { code, username, password: PASSWORD };

      const bare = await pageRequest('POST', '/activate?lang=en', {
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams(form).toString(),
      });
      expect(bare.status).toBe(403);
      expect(bare.headers.get('content-type')).toBe('text/html; charset=utf-8');
      expect(bare.headers.get('cache-control')).toBe('no-store');
      expect(textOf(bare.html, 'main')).toContain('For your security we could not accept this form');
      expect(bare.html).toContain('<a href="/activate?lang&#x3D;en">Open the form again</a>');

      const session = new FormSession();
      await session.open('/activate?lang=uk');
      const wrongToken = await session.submit('/activate?lang=uk', form, 'A'.repeat(43));
      expect(wrongToken.status).toBe(403);
      expect(langOf(wrongToken.html)).toBe('uk');
      expect(textOf(wrongToken.html, 'main')).toContain('З міркувань безпеки');

      const elsewhere = new FormSession();
      await elsewhere.open('/activate');
      const anotherBrowsersToken = await session.submit('/activate?lang=en', form, elsewhere.token!);
      expect(anotherBrowsersToken.status).toBe(403);
      const noToken = await session.submit('/activate?lang=en', form, null);
      expect(noToken.status).toBe(403);

      const accepted = await session.submit('/activate?lang=en', form);
      expect(accepted.status).toBe(200);
      expect(textOf(accepted.html, 'main')).toContain(`Your username is ${username}.`);
    });
  });

  describe('bad input', () => {
    it.each(PAGE_PATHS)('SPEC §3: any form posted to %s, with a valid CSRF token or not, is answered with a page, never a 5xx', async (path) => {
      const session = new FormSession();
      await session.open(path);
      const fields = fc.dictionary(fc.constantFrom('code', 'username', 'password', 'passwordValidityDays', 'email', 'x'), fc.string(), {
        maxKeys: 6,
      });
      const csrf = fc.oneof(fc.constant(session.token!), fc.string(), fc.constant(null));
      await fc.assert(
        fc.asyncProperty(fields, csrf, async (form, token) => {
          const page = await session.submit(`${path}?lang=en`, form, token);
          expect(page.status).toBeLessThan(500);
          expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
          expect(langOf(page.html)).toBe('en');
        }),
        { numRuns: 40 },
      );
    });
  });

  describe('the JSON API on the same paths answers as before', () => {
    it('SPEC §3: POST /login and /forgotten-password with JSON are the API\'s; JSON to a page-only path is a 404', async () => {
      const login = await call('activation', 'POST', '/login', { body: { username: 'nobody_here', password: PASSWORD } });
      expect(login.status).toBe(401);
      expect(login.headers.get('content-type')).toMatch(/^application\/json/);
      expect(login.body).toEqual({ errors: [{ code: 'INVALID_CREDENTIALS', message: expect.any(String) }] });

      const forgotten = await call('activation', 'POST', '/forgotten-password', { body: { email: newPerson().email } });
      expect(forgotten.status).toBe(202);
      expect(forgotten.body).toEqual({});

      const malformed = await call('activation', 'POST', '/login', { body: '{"username":' });
      expect(malformed.status).toBe(400);
      expect(malformed.body.errors[0].code).toBe('MALFORMED_JSON');

      const notAPage = await call('activation', 'POST', '/activate', { body: { code: 'X' } });
      expect(notAPage.status).toBe(404);
      expect(notAPage.body.errors[0].code).toBe('NOT_FOUND');
    });
  });

  describe('the API\'s errors, in the page\'s language and at their fields', () => {
    it('R15: USERNAME_TAKEN and USERNAME_INVALID are tied to the username field; what was typed stays, the password does not', async () => {
      const taken = await registerActive();
      const { code } = await registerPending();
      const session = new FormSession();
      await session.open('/activate?lang=en');

      const page = await session.submit('/activate?lang=en', { code, username: taken.username.toUpperCase(), password: PASSWORD });
      expect(page.status).toBe(422);
      expect(textOf(page.html, 'username-error')).toBe('Error: This username is taken. Choose another one.');
      expect(tagOf(page.html, 'username')).toContain('aria-invalid="true"');
      expect(tagOf(page.html, 'username')).toContain('aria-describedby="username-hint username-error"');
      expect(tagOf(page.html, 'username')).toContain(`value="${taken.username.toUpperCase()}"`);
      expect(tagOf(page.html, 'code')).toContain(`value="${code}"`);
      expect(tagOf(page.html, 'password')).toContain('value=""');
      expect(page.html).not.toContain(PASSWORD);
      expect(errorSummary(page.html)).toEqual([{ href: '#username', text: 'This username is taken. Choose another one.' }]);

      const invalid = await session.submit('/activate?lang=hu', { code, username: 'ab', password: PASSWORD });
      expect(invalid.status).toBe(422);
      expect(textOf(invalid.html, 'username-error')).toMatch(/^Hiba: Válasszon 4–64 karakteres felhasználónevet/);
    });

    it('R16, R10: PASSWORD_TOO_WEAK and PASSWORD_VALIDITY_OUT_OF_RANGE together, each at its field, in Ukrainian', async () => {
      const { code } = await registerPending();
      const session = new FormSession();
      await session.open('/activate?lang=uk');
      const username = uniqueUsername('page');
      const page = await session.submit('/activate?lang=uk', { code, username, password: `${username}-and-more`, passwordValidityDays: '731' });
      expect(page.status).toBe(422);
      expect(langOf(page.html)).toBe('uk');
      expect(textOf(page.html, 'password-error')).toMatch(/^Помилка: Виберіть пароль від 12 до 128 символів/);
      expect(textOf(page.html, 'passwordValidityDays-error')).toBe('Помилка: Введіть ціле число днів від 1 до 730 або залиште поле порожнім.');
      expect(tagOf(page.html, 'passwordValidityDays')).toContain('value="731"');
      expect(errorSummary(page.html).map(({ href }) => href)).toEqual(['#password', '#passwordValidityDays']);

      const notANumber = await session.submit('/activate?lang=en', { code, username, password: PASSWORD, passwordValidityDays: 'two years' });
      expect(notANumber.status).toBe(422);
      expect(textOf(notANumber.html, 'passwordValidityDays-error')).toBe('Error: Enter a whole number of days from 1 to 730, or leave the field empty.');

      const chosen = await session.submit('/activate?lang=en', { code, username, password: PASSWORD, passwordValidityDays: ' 30 ' });
      expect(chosen.status).toBe(200);
      const [account] = await query<{ password_expires_at: Date; activated_at: Date }>(
        'activation',
        'SELECT password_expires_at, activated_at FROM account WHERE username = $1',
        [username],
      );
      expect(account.password_expires_at.getTime() - account.activated_at.getTime()).toBe(30 * DAY_MS);
    });

    it('R14: INVALID_CREDENTIALS on the login page, in the summary (it names no field); then a correct login', async () => {
      const client = await registerActive();
      const session = new FormSession();
      await session.open('/login?lang=en');
      const wrong = await session.submit('/login?lang=en', { username: client.username, password: `${client.password}!` });
      expect(wrong.status).toBe(401);
      expect(errorSummary(wrong.html)).toEqual([{ href: null, text: 'The username or password is not correct.' }]);
      expect(tagOf(wrong.html, 'username')).toContain(`value="${client.username}"`);

      const right = await session.submit('/login?lang=en', { username: client.username.toUpperCase(), password: client.password });
      // R22, R24: SECOND_FACTOR=required, so the right password leads to enrolment, with a session cookie of its own.
      expect(right.status).toBe(303);
      expect(right.headers.get('location')).toBe('/account/second-factor?lang=en');
      const sessionCookie = right.headers.getSetCookie().find((cookie) => cookie.startsWith('session='));
      expect(sessionCookie).toMatch(/; HttpOnly/);
      expect(sessionCookie).toMatch(/; SameSite=Strict/);
      // The CSRF cookie is new at sign-in.
      expect(right.headers.getSetCookie().some((cookie) => cookie.startsWith('csrf='))).toBe(true);
    });

    it('SPEC §8: TOO_MANY_ATTEMPTS (429) after repeated failures on the account, with Retry-After, in Hungarian', async () => {
      const client = await registerActive();
      const session = new FormSession();
      await session.open('/login');
      let answer = await session.submit('/login', { username: client.username, password: 'not the password at all' });
      for (let attempt = 1; answer.status === 401 && attempt < 10; attempt++) {
        answer = await session.submit('/login', { username: client.username, password: 'not the password at all' });
      }
      expect(answer.status).toBe(429);
      expect(Number(answer.headers.get('retry-after'))).toBeGreaterThan(0);
      expect(errorSummary(answer.html)).toEqual([
        { href: null, text: 'Túl sok sikertelen próbálkozás. Várjon néhány percet (legfeljebb 15-öt), majd próbálja újra.' },
      ]);
    });

    it('R14: PASSWORD_EXPIRED on the login page once the chosen validity has passed', async () => {
      const client = await registerActive({ passwordValidityDays: 1 });
      await advanceClock('2d');
      const session = new FormSession();
      await session.open('/login?lang=en');
      const page = await session.submit('/login?lang=en', { username: client.username, password: client.password });
      expect(page.status).toBe(403);
      expect(errorSummary(page.html)).toEqual([
        { href: null, text: 'Your password has expired. Set a new one with the forgotten password function.' },
      ]);
      expect(page.html).toContain('href="/forgotten-password?lang&#x3D;en"');
      await resetClock();
    });
  });

  describe('forgotten password and reset by the pages', () => {
    it('R13, SPEC §8: the forgotten-password page answers alike for known and unknown addresses; its code resets the password on the reset page', async () => {
      const client = await registerActive();
      const session = new FormSession();
      await session.open('/forgotten-password?lang=en');

      const empty = await session.submit('/forgotten-password?lang=en', { email: '  ' });
      expect(empty.status).toBe(422);
      expect(textOf(empty.html, 'email-error')).toBe('Error: Enter your email address.');
      expect(tagOf(empty.html, 'email')).toContain('aria-invalid="true"');

      const unknownAddress = newPerson().email;
      const unknown = await session.submit('/forgotten-password?lang=en', { email: unknownAddress });
      const known = await session.submit('/forgotten-password?lang=en', { email: client.who.email });
      expect([unknown.status, known.status]).toEqual([200, 200]);
      expect(known.html.replace(client.who.email, 'ADDRESS')).toBe(unknown.html.replace(unknownAddress, 'ADDRESS'));
      expect(textOf(known.html, 'main')).toContain(`If a Client Gate belongs to ${client.who.email}, we have sent a new one-time code to it.`);

      const code = await codeEmailed(client.who.email, 'password-reset-code', 1);
      const newPassword = 'a brand new passphrase 2027';
      await session.open('/reset-password?lang=hu');
      const reset = await session.submit('/reset-password?lang=hu', { code, password: newPassword, passwordValidityDays: '' });
      expect(reset.status).toBe(200);
      expect(plainText(reset.html)).toContain('Új jelszava beállítva');

      const again = await session.submit('/reset-password?lang=hu', { code, password: newPassword });
      expect(again.status).toBe(422);
      expect(textOf(again.html, 'code-error')).toMatch(/^Hiba: Ez a kód nem érvényes/);

      await session.open('/login?lang=en');
      const old = await session.submit('/login?lang=en', { username: client.username, password: client.password });
      expect(old.status).toBe(401);
      const fresh = await session.submit('/login?lang=en', { username: client.username, password: newPassword });
      expect(fresh.status).toBe(303);
    });
  });
});
