import { Browser, BrowserContext, Page } from 'playwright-core';
import { login, nextTotp, registerSignedIn, SignedInClient } from './support/activation-fixtures';
import { advanceClock, resetClock } from './support/clock';
import { e2eEnvironment } from './support/environment';
import { call } from './support/http';
import { emailsTo } from './support/mail';
import { launchChromium, openWatchedPage, screenshot } from './support/pages-browser';

const LANGS = ['hu', 'en', 'uk'] as const;

describe('R26 account security in headless Chromium: sessions, activity, re-authentication, "this was not me"', () => {
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let client: SignedInClient;
  const policyViolations: string[] = [];
  const url = (path: string) => new URL(path, e2eEnvironment().urls.activation).href;

  /** The login form up to the account page, with the next TOTP code. */
  async function signIn(lang = 'en'): Promise<void> {
    await page.goto(url(`/login?lang=${lang}`));
    await page.fill('#username', client.username);
    await page.fill('#password', client.password);
    await Promise.all([page.waitForNavigation(), page.press('#password', 'Enter')]);
    await typeNextCode();
    expect(new URL(page.url()).pathname).toBe('/account');
  }

  async function typeNextCode(): Promise<void> {
    const { code, step } = nextTotp(client.factor.secret, client.factor.step);
    client.factor.step = step;
    await page.fill('#code', code);
    await Promise.all([page.waitForNavigation(), page.press('#code', 'Enter')]);
  }

  beforeAll(async () => {
    client = await registerSignedIn();
    browser = await launchChromium();
    ({ context, page } = await openWatchedPage(browser, policyViolations));
  });

  afterAll(async () => {
    await browser?.close();
    await resetClock();
  });

  it('R26: the account page lists the sessions (this browser marked) and the activity; another session is signed out from it', async () => {
    await signIn();
    // The browser keeps its own long-lived random token (R26), apart from the session.
    const browserCookie = (await context.cookies()).find((cookie) => cookie.name === 'cg_browser');
    expect(browserCookie).toMatchObject({ httpOnly: true, sameSite: 'Lax' });
    expect(browserCookie!.expires * 1000 - Date.now()).toBeGreaterThan(300 * 24 * 3600 * 1000);

    const rows = page.locator('#sessions-table tbody tr');
    expect(await rows.count()).toBe(2);
    expect(await page.locator('#sessions-table .table__current').textContent()).toContain('This browser');
    expect(await page.locator('#activity-table tbody tr').first().textContent()).toContain('Signed in');
    for (const lang of LANGS) {
      await page.goto(url(`/account?lang=${lang}`));
      expect(await page.getAttribute('html', 'lang')).toBe(lang);
      await screenshot(page, `account-sessions-activity-${lang}`);
    }

    await page.goto(url('/account?lang=en'));
    await Promise.all([page.waitForNavigation(), page.locator('#sessions-table tr:not(.table__current) button').click()]);
    expect(await page.textContent('[role="status"]')).toContain('The session has been signed out.');
    expect((await call('activation', 'GET', '/account', { token: client.sessionToken })).status).toBe(401);
    expect(await rows.count()).toBe(1);
    expect(await page.locator('#activity-table tbody tr').first().textContent()).toContain('Signed out');
    await screenshot(page, 'account-session-ended-en');
  });

  it('R26: after 10 minutes a new removal code asks for the password and a code first, then is made and shown at once', async () => {
    await advanceClock('10m1s');
    await Promise.all([page.waitForNavigation(), page.locator('form[action^="/account/removal-code"] button').click()]);
    expect(new URL(page.url()).pathname).toBe('/account/reauthenticate');
    expect(await page.textContent('h1')).toBe('Confirm it is you');
    for (const lang of LANGS) {
      await page.goto(url(`/account/reauthenticate?then=removal-code&lang=${lang}`));
      expect(await page.getAttribute('html', 'lang')).toBe(lang);
      await screenshot(page, `reauthenticate-${lang}`);
    }
    await page.goto(url('/account/reauthenticate?then=removal-code&lang=en'));
    await page.fill('#password', 'not the password');
    await page.fill('#code', '000000');
    await Promise.all([page.waitForNavigation(), page.press('#code', 'Enter')]);
    expect(await page.locator('.error-summary').count()).toBe(1);
    await screenshot(page, 'reauthenticate-error-en');

    await page.fill('#password', client.password);
    await typeNextCode();
    expect(new URL(page.url()).pathname).toBe('/account/reauthenticate');
    const renewed = (await page.textContent('#removal-code'))!.trim();
    expect(renewed).toMatch(/^[0-9A-HJKMNP-TV-Z]{4}(-[0-9A-HJKMNP-TV-Z]{4}){3}$/);
    expect(renewed).not.toBe(client.factor.removalCode);
    await screenshot(page, 'account-removal-code-renewed-en');
    await emailsTo(client.who.email, 'removal-code-renewed', 1);
    // The old code is void.
    const challenge = (await login(client.username, client.password)).body.challenge;
    expect((await call('activation', 'POST', '/login/second-factor', { body: { challenge, removalCode: client.factor.removalCode } })).status).toBe(401);
    client.factor.removalCode = renewed;
  });

  it('R26: a password change 10 minutes after the sign-in goes through the re-authentication page and back to the form', async () => {
    await advanceClock('10m1s');
    await page.goto(url('/account?lang=en'));
    await page.fill('#currentPassword', client.password);
    await page.fill('#newPassword', 'a browser-changed passphrase for R26');
    await Promise.all([page.waitForNavigation(), page.press('#newPassword', 'Enter')]);
    expect(new URL(page.url()).pathname).toBe('/account/reauthenticate');
    expect(new URL(page.url()).searchParams.get('then')).toBe('password');
    await page.fill('#password', client.password);
    await typeNextCode();
    expect(new URL(page.url()).pathname).toBe('/account');
    expect(await page.textContent('[role="status"]')).toContain('You can now carry on.');
    await page.fill('#currentPassword', client.password);
    await page.fill('#newPassword', 'a browser-changed passphrase for R26');
    await Promise.all([page.waitForNavigation(), page.press('#newPassword', 'Enter')]);
    expect(await page.textContent('[role="status"]')).toContain('Your password has been changed');
    client.password = 'a browser-changed passphrase for R26';
  });

  it('R26: the new-sign-in email\'s "this was not me" page signs out every session; the next login needs a password reset', async () => {
    const emails = await emailsTo(client.who.email, 'new-sign-in', 2);
    const link = /https?:\/\/\S+\/not-me\?lang=\w\w&token=[A-Za-z0-9_-]{43}/.exec(emails[1].text ?? '')![0];
    const token = new URL(link).searchParams.get('token')!;
    for (const lang of LANGS) {
      await page.goto(url(`/not-me?lang=${lang}&token=${token}`));
      expect(await page.getAttribute('html', 'lang')).toBe(lang);
      await screenshot(page, `not-me-${lang}`);
    }
    // Opening the link acts on nothing (mail scanners open links): this browser's session goes on.
    await page.goto(url('/account?lang=en'));
    expect(new URL(page.url()).pathname).toBe('/account');

    await page.goto(url(`/not-me?lang=en&token=${token}`));
    await Promise.all([page.waitForNavigation(), page.getByRole('button', { name: 'This was not me' }).click()]);
    expect(await page.textContent('h1')).toBe('Every session has been signed out');
    await screenshot(page, 'not-me-done-en');
    await page.goto(url('/account?lang=en'));
    expect(new URL(page.url()).pathname).toBe('/login');
    const refused = await login(client.username, client.password);
    expect(refused.status).toBe(403);
    expect(refused.body.errors[0].code).toBe('PASSWORD_RESET_REQUIRED');

    await page.fill('#username', client.username);
    await page.fill('#password', client.password);
    await Promise.all([page.waitForNavigation(), page.press('#password', 'Enter')]);
    expect(await page.textContent('.error-summary')).toContain('Set a new password with the forgotten password function first.');
    await screenshot(page, 'login-password-reset-required-en');
    expect(policyViolations).toEqual([]);
  });
});
