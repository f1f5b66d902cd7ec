import { Browser, BrowserContext, Page } from 'playwright-core';
import { uniqueUsername } from './support/activation-fixtures';
import { query } from './support/database';
import { bookAppointment, decided, newPerson, registerBody } from './support/fixtures';
import { call, staffToken } from './support/http';
import { codeIn, emailTo } from './support/mail';
import { focusedClass, focusedId, launchChromium, screenshot, tabTo } from './support/pages-browser';

const DAY_MS = 24 * 60 * 60 * 1000;
const PASSWORD = 'correct horse battery staple 42';

describe('a client activates and logs in with the keyboard in headless Chromium (R9, R10, R14, R21, SPEC §3 pages)', () => {
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  const policyViolations: string[] = [];
  const who = newPerson();
  const username = uniqueUsername('browser');
  let link: string;
  let code: string;

  beforeAll(async () => {
    browser = await launchChromium();
    context = await browser.newContext({ viewport: { width: 1024, height: 800 } });
    page = await context.newPage();
    page.on('console', (message) => {
      if (/Content.Security.Policy/i.test(message.text())) policyViolations.push(message.text());
    });
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

  it('R14: the login page, reached from the success message, accepts the new credentials', async () => {
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
    expect(await page.textContent('[role="status"] h2')).toBe('Sikeresen bejelentkezett');
    await screenshot(page, 'login-success-hu');
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
