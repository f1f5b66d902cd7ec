import { Browser, BrowserContext, Page } from 'playwright-core';
import { currentStep, nextTotp, registerActive, uniqueUsername } from './support/activation-fixtures';
import { query } from './support/database';
import { bookAppointment, decided, newPerson, registerBody } from './support/fixtures';
import { call, staffToken } from './support/http';
import { codeIn, emailsTo, emailTo } from './support/mail';
import { focusedClass, focusedId, launchChromium, openWatchedPage, screenshot, tabTo } from './support/pages-browser';

const DAY_MS = 24 * 60 * 60 * 1000;
const PASSWORD = 'correct horse battery staple 42';
const NEW_PASSWORD = 'a different horse, a different battery 7';

describe('a client activates and logs in with the keyboard in headless Chromium (R9, R10, R14, R21, SPEC §3 pages)', () => {
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  const policyViolations: string[] = [];
  const who = newPerson();
  const username = uniqueUsername('browser');
  let link: string;
  let code: string;
  let totpSecret: string;
  let totpStep: number;
  let removalCode: string;

  /** The login form, in a language, up to the second factor's page. */
  async function logIn(password: string, lang = 'hu'): Promise<void> {
    await page.goto(new URL(`/login?lang=${lang}`, link).href);
    await page.fill('#username', username);
    await page.fill('#password', password);
    await Promise.all([page.waitForNavigation(), page.press('#password', 'Enter')]);
  }

  async function logOut(): Promise<void> {
    await Promise.all([page.waitForNavigation(), page.locator('form[action^="/logout"] button').click()]);
    expect(new URL(page.url()).pathname).toBe('/login');
  }

  /** The 6-digit code of the `count`-th login-code email, from MailDev. */
  async function loginCode(count: number): Promise<string> {
    const emails = await emailsTo(who.email, 'login-code', count);
    return /\b(\d{6})\b/.exec(emails[count - 1].text ?? '')![1];
  }

  beforeAll(async () => {
    browser = await launchChromium();
    ({ context, page } = await openWatchedPage(browser, policyViolations));
  });

  afterAll(async () => {
    await browser?.close();
  });

  it('R9: registration at a consulate emails the code and a link to the activation page in the client\'s language', async () => {
    const token = staffToken();
    const appointmentId = await bookAppointment(token);
    const submitted = await call('intake', 'POST', '/applications', { token, body: registerBody(appointmentId, who, { locale: 'hu' }) });
    expect(submitted.status).toBe(202);
    expect((await decided(submitted.body.id, token)).status).toBe('completed');
    const email = await emailTo(who.email, 'activation-code');
    code = codeIn(email);
    link = /https?:\/\/\S+\/activate\?lang=hu/.exec(email.text ?? '')?.[0] ?? '';
    expect(link).not.toBe('');
  });

  it('R21: the link opens the Hungarian activation page, styled by its own stylesheet, with no policy violations', async () => {
    const response = await page.goto(link);
    expect(response?.status()).toBe(200);
    expect(await page.getAttribute('html', 'lang')).toBe('hu');
    expect(await page.textContent('h1')).toBe('Ügyfélkapu aktiválása');
    const headerColour = await page.evaluate<string>("getComputedStyle(document.querySelector('.header')).backgroundColor");
    expect(headerColour).toBe('rgb(67, 111, 77)');
    await screenshot(page, 'activate-hu');
    expect(policyViolations).toEqual([]);
  });

  it('R10: a wrong code, typed with the keyboard, is refused with the error tied to the code field', async () => {
    // Keyboard only: the skip link first, then into the form.
    await page.keyboard.press('Tab');
    expect(await focusedClass(page)).toBe('skip-link');
    await page.keyboard.press('Enter');
    expect(await focusedId(page)).toBe('main');
    await page.keyboard.press('Tab');
    expect(await focusedId(page)).toBe('code');
    await page.keyboard.type('ZZZZ-ZZZZ-ZZZZ-ZZZZ');
    await page.keyboard.press('Tab');
    expect(await focusedId(page)).toBe('username');
    await page.keyboard.type(username);
    await page.keyboard.press('Tab');
    expect(await focusedId(page)).toBe('password');
    await page.keyboard.type(PASSWORD);
    await Promise.all([page.waitForNavigation(), page.keyboard.press('Enter')]);

    expect(await page.title()).toBe('Hiba: Ügyfélkapu aktiválása – Ügyfélkapu');
    const codeField = page.locator('#code');
    expect(await codeField.getAttribute('aria-invalid')).toBe('true');
    expect(await codeField.getAttribute('aria-describedby')).toBe('code-hint code-error');
    expect(await page.textContent('#code-error')).toContain('Ez a kód nem érvényes.');
    expect(await page.inputValue('#code')).toBe('ZZZZ-ZZZZ-ZZZZ-ZZZZ');
    expect(await page.inputValue('#username')).toBe(username);
    expect(await page.inputValue('#password')).toBe('');
    expect(await page.getAttribute('.error-summary a', 'href')).toBe('#code');
    await screenshot(page, 'activate-error-hu');

    // The summary's link takes the keyboard to the field.
    await tabTo(page, '.error-summary a');
    await page.keyboard.press('Enter');
    expect(await focusedId(page)).toBe('code');
  });

  it('R10: the right code with a chosen validity activates the gateway; the page says so', async () => {
    await page.keyboard.press('ControlOrMeta+A');
    await page.keyboard.type(code);
    await page.keyboard.press('Tab');
    expect(await focusedId(page)).toBe('username');
    await page.keyboard.press('Tab');
    await page.keyboard.type(PASSWORD);
    await page.keyboard.press('Tab');
    expect(await focusedId(page)).toBe('passwordValidityDays');
    await page.keyboard.type('365');
    await Promise.all([page.waitForNavigation(), page.keyboard.press('Enter')]);

    expect(await page.textContent('[role="status"] h2')).toBe('Ügyfélkapuja aktív');
    expect(await page.textContent('[role="status"]')).toContain(`Felhasználóneve: ${username}.`);
    await screenshot(page, 'activate-success-hu');
    const [account] = await query<{ status: string; password_expires_at: Date; activated_at: Date }>(
      'activation',
      'SELECT status, password_expires_at, activated_at FROM account WHERE username = $1',
      [username],
    );
    expect(account.status).toBe('active');
    expect(account.password_expires_at.getTime() - account.activated_at.getTime()).toBe(365 * DAY_MS);
  });

  it('R14, R22: the login page, reached from the success message, takes the right password to the second factor\'s enrolment', async () => {
    await page.getByRole('link', { name: 'Bejelentkezés az új jelszóval' }).focus();
    await Promise.all([page.waitForNavigation(), page.keyboard.press('Enter')]);
    expect(new URL(page.url()).pathname).toBe('/login');
    expect(await page.getAttribute('html', 'lang')).toBe('hu');
    await screenshot(page, 'login-hu');

    await tabTo(page, '#username');
    await page.keyboard.type(username.toUpperCase());
    await page.keyboard.press('Tab');
    await page.keyboard.type(PASSWORD);
    await Promise.all([page.waitForNavigation(), page.keyboard.press('Enter')]);
    // SECOND_FACTOR=required: enrolment before anything else.
    expect(new URL(page.url()).pathname).toBe('/account/second-factor');
    expect(await page.textContent('h1')).toBe('Második tényező beállítása');
    const session = (await context.cookies()).find((cookie) => cookie.name === 'session');
    expect(session).toMatchObject({ httpOnly: true, sameSite: 'Strict' });
    await screenshot(page, 'second-factor-choose-hu');
  });

  it('R22, R23: TOTP enrolment from the QR code\'s page: the code computed from the shown secret confirms it; the removal code is shown once', async () => {
    await Promise.all([page.waitForNavigation(), page.getByRole('button', { name: /Hitelesítő alkalmazás/ }).click()]);
    expect(await page.textContent('h1')).toBe('A hitelesítő alkalmazás beállítása');
    expect(await page.locator('figure.qr svg').count()).toBe(1);
    totpSecret = (await page.textContent('#totp-secret'))!.replace(/\s/g, '');
    expect(totpSecret).toMatch(/^[A-Z2-7]{32}$/);
    await screenshot(page, 'second-factor-totp-hu');

    const { code, step } = nextTotp(totpSecret, currentStep() - 2);
    totpStep = step;
    await page.fill('#code', code);
    await Promise.all([page.waitForNavigation(), page.press('#code', 'Enter')]);
    expect(await page.textContent('h1')).toBe('A második tényező beállítva');
    removalCode = (await page.textContent('#removal-code'))!.trim();
    expect(removalCode).toMatch(/^[0-9A-HJKMNP-TV-Z]{4}(-[0-9A-HJKMNP-TV-Z]{4}){3}$/);
    await screenshot(page, 'second-factor-done-hu');
    await emailTo(who.email, 'second-factor-enrolled');
  });

  it('R24: the account page shows the client\'s data; logging out ends the session', async () => {
    await Promise.all([page.waitForNavigation(), page.getByRole('link', { name: 'Tovább a fiókjához' }).click()]);
    expect(new URL(page.url()).pathname).toBe('/account');
    expect(await page.textContent('h1')).toBe('Az Ön fiókja');
    expect(await page.textContent('#account-name')).toBe(`${who.person.familyName} ${who.person.givenNames}`);
    expect(await page.textContent('#account-username')).toBe(username);
    expect(await page.textContent('#account-second-factor')).toBe('Hitelesítő alkalmazás');
    await screenshot(page, 'account-hu');
    await logOut();
    await page.goto(new URL('/account?lang=hu', link).href);
    expect(new URL(page.url()).pathname).toBe('/login');
  });

  it('R22, R24: password then TOTP lead to the account page; the password is changed there (password-changed email)', async () => {
    await logIn(PASSWORD);
    expect(await page.textContent('h1')).toBe('Második azonosítási tényező');
    await screenshot(page, 'login-second-factor-hu');
    const { code, step } = nextTotp(totpSecret, totpStep);
    totpStep = step;
    await page.fill('#code', code);
    await Promise.all([page.waitForNavigation(), page.press('#code', 'Enter')]);
    expect(new URL(page.url()).pathname).toBe('/account');

    await page.fill('#currentPassword', PASSWORD);
    await page.fill('#newPassword', NEW_PASSWORD);
    await Promise.all([page.waitForNavigation(), page.press('#newPassword', 'Enter')]);
    expect(await page.textContent('[role="status"]')).toContain('Jelszavát megváltoztattuk');
    await screenshot(page, 'account-password-changed-hu');
    await emailTo(who.email, 'password-changed');
    await logOut();
  });

  it('R23: the removal code stands in for the factor at login; then the email factor is enrolled and logs in with the code from MailDev', async () => {
    await logIn(NEW_PASSWORD);
    await page.fill('#removalCode', removalCode);
    await Promise.all([page.waitForNavigation(), page.press('#removalCode', 'Enter')]);
    expect(new URL(page.url()).pathname).toBe('/account/second-factor');
    await emailTo(who.email, 'second-factor-removed');

    await Promise.all([page.waitForNavigation(), page.getByRole('button', { name: /Kód e-mailben/ }).click()]);
    expect(await page.textContent('h1')).toBe('Az e-mailben kapott kód megerősítése');
    await screenshot(page, 'second-factor-email-hu');
    await page.fill('#code', await loginCode(1));
    await Promise.all([page.waitForNavigation(), page.press('#code', 'Enter')]);
    expect(await page.textContent('h1')).toBe('A második tényező beállítva');
    await Promise.all([page.waitForNavigation(), page.getByRole('link', { name: 'Tovább a fiókjához' }).click()]);
    expect(await page.textContent('#account-second-factor')).toBe('Kód e-mailben');
    await logOut();

    await logIn(NEW_PASSWORD);
    expect(await page.textContent('.intro')).toContain('E-mailben 6 számjegyű kódot küldtünk');
    await page.fill('#code', await loginCode(2));
    await Promise.all([page.waitForNavigation(), page.press('#code', 'Enter')]);
    expect(new URL(page.url()).pathname).toBe('/account');
    expect(policyViolations).toEqual([]);
  });

  it('R21, R22, R24: the second factor\'s and the account\'s pages in hu, en and uk', async () => {
    for (const lang of ['hu', 'en', 'uk']) {
      await page.goto(new URL(`/account?lang=${lang}`, link).href);
      expect(await page.getAttribute('html', 'lang')).toBe(lang);
      await screenshot(page, `account-${lang}`);
      await page.goto(new URL(`/account/second-factor?lang=${lang}`, link).href);
      expect(await page.getAttribute('html', 'lang')).toBe(lang);
      await screenshot(page, `second-factor-choose-${lang}`);
    }
    await page.goto(new URL('/account?lang=hu', link).href);
    await logOut();
    let codes = 2;
    for (const lang of ['en', 'uk']) {
      await logIn(NEW_PASSWORD, lang);
      expect(await page.getAttribute('html', 'lang')).toBe(lang);
      await screenshot(page, `login-second-factor-${lang}`);
      await page.fill('#code', await loginCode(++codes));
      await Promise.all([page.waitForNavigation(), page.press('#code', 'Enter')]);
      expect(new URL(page.url()).pathname).toBe('/account');
      // The email factor's removal asks for a code first (R23).
      await Promise.all([page.waitForNavigation(), page.locator('form[action^="/account/second-factor/email"] button').click()]);
      codes++;
      await screenshot(page, `account-code-sent-${lang}`);
      await logOut();
    }
    expect(policyViolations).toEqual([]);
  });

  it('R21, R22, R23: setting up each factor, and removing one, in en and uk (screenshots of each step)', async () => {
    for (const lang of ['en', 'uk']) {
      const client = await registerActive();
      const other = await browser.newContext({ viewport: { width: 1024, height: 800 } });
      const tab = await other.newPage();
      tab.on('console', (message) => {
        if (/Content.Security.Policy/i.test(message.text())) policyViolations.push(message.text());
      });
      await tab.goto(new URL(`/login?lang=${lang}`, link).href);
      await tab.fill('#username', client.username);
      await tab.fill('#password', client.password);
      await Promise.all([tab.waitForNavigation(), tab.press('#password', 'Enter')]);
      expect(new URL(tab.url()).pathname).toBe('/account/second-factor');
      await Promise.all([tab.waitForNavigation(), tab.locator('form[action^="/account/second-factor/totp"] button').click()]);
      await screenshot(tab, `second-factor-totp-${lang}`);
      const secret = (await tab.textContent('#totp-secret'))!.replace(/\s/g, '');
      const enrolled = nextTotp(secret, currentStep() - 2);
      await tab.fill('#code', enrolled.code);
      await Promise.all([tab.waitForNavigation(), tab.press('#code', 'Enter')]);
      expect(await tab.textContent('#removal-code')).toMatch(/^[0-9A-HJKMNP-TV-Z]{4}(-[0-9A-HJKMNP-TV-Z]{4}){3}$/);
      await screenshot(tab, `second-factor-done-${lang}`);

      // R23: removal with the password and a current code, from the account page.
      await tab.goto(new URL(`/account?lang=${lang}`, link).href);
      await tab.fill('#password', client.password);
      await tab.fill('#code', nextTotp(secret, enrolled.step).code);
      await Promise.all([tab.waitForNavigation(), tab.press('#code', 'Enter')]);
      // R26: the removal ended every session, this one too: the client logs in again and enrols anew.
      expect(new URL(tab.url()).pathname).toBe('/login');
      expect(await tab.getAttribute('html', 'lang')).toBe(lang);
      await screenshot(tab, `account-factor-removed-${lang}`);
      await tab.fill('#username', client.username);
      await tab.fill('#password', client.password);
      await Promise.all([tab.waitForNavigation(), tab.press('#password', 'Enter')]);
      expect(new URL(tab.url()).pathname).toBe('/account/second-factor');
      await Promise.all([tab.waitForNavigation(), tab.locator('form[action^="/account/second-factor/email"] button').click()]);
      expect(await tab.locator('form[action^="/account/second-factor/email/confirm"]').count()).toBe(1);
      await screenshot(tab, `second-factor-email-${lang}`);
      await other.close();
    }
    expect(policyViolations).toEqual([]);
  });

  it('R21: the language switcher\'s links give every page in hu, en and uk (lang on <html>)', async () => {
    const expected = {
      '/activate': { hu: 'Ügyfélkapu aktiválása', en: 'Activate your Client Gate', uk: 'Активація Клієнтського шлюзу' },
      '/forgotten-password': { hu: 'Elfelejtett jelszó', en: 'Forgotten password', uk: 'Забутий пароль' },
      '/reset-password': { hu: 'Új jelszó beállítása', en: 'Set a new password', uk: 'Встановлення нового пароля' },
      '/login': { hu: 'Bejelentkezés', en: 'Log in', uk: 'Вхід' },
    };
    for (const [path, titles] of Object.entries(expected)) {
      await page.goto(new URL(`${path}?lang=hu`, link).href);
      for (const [lang, title] of Object.entries(titles)) {
        await page.locator(`nav a[hreflang="${lang}"]`).focus();
        await Promise.all([page.waitForNavigation(), page.keyboard.press('Enter')]);
        expect(await page.getAttribute('html', 'lang')).toBe(lang);
        expect(await page.textContent('h1')).toBe(title);
        expect(await page.getAttribute(`nav a[hreflang="${lang}"]`, 'aria-current')).toBe('true');
        await screenshot(page, `${path.slice(1)}-${lang}`);
      }
    }
    expect(policyViolations).toEqual([]);
  });

  it('SPEC §8: a form whose CSRF cookie is gone (another site\'s post, an old tab) is refused with a page that explains', async () => {
    await page.goto(new URL('/login?lang=en', link).href);
    await context.clearCookies();
    await page.fill('#username', username);
    await page.fill('#password', PASSWORD);
    const [response] = await Promise.all([page.waitForNavigation(), page.press('#password', 'Enter')]);
    expect(response?.status()).toBe(403);
    expect(await page.textContent('h1')).toBe('The form could not be sent');
    await screenshot(page, 'csrf-refused-en');
    await Promise.all([page.waitForNavigation(), page.getByRole('link', { name: 'Open the form again' }).press('Enter')]);
    expect(await page.textContent('h1')).toBe('Log in');
  });

  it('is usable on a phone-sized screen (no horizontal scrolling), errors included', async () => {
    const phone = await context.newPage();
    await phone.setViewportSize({ width: 360, height: 740 });
    await phone.goto(new URL('/reset-password?lang=uk', link).href);
    await phone.fill('#code', 'ZZZZ-ZZZZ-ZZZZ-ZZZZ');
    await phone.fill('#password', 'short');
    await Promise.all([phone.waitForNavigation(), phone.press('#password', 'Enter')]);
    expect(await phone.getAttribute('#code', 'aria-invalid')).toBe('true');
    const overflow = await phone.evaluate<number>('document.documentElement.scrollWidth - document.documentElement.clientWidth');
    expect(overflow).toBe(0);
    await screenshot(phone, 'reset-password-error-uk-phone');
    await phone.close();
  });
});
