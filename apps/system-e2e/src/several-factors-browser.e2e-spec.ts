import { Browser, Page } from 'playwright-core';
import { currentStep, nextTotp, registerSignedIn, SignedInClient } from './support/activation-fixtures';
import { advanceClock, resetClock } from './support/clock';
import { e2eEnvironment } from './support/environment';
import { emailsTo } from './support/mail';
import { launchChromium, openWatchedPage, screenshot } from './support/pages-browser';

describe('R27 several second factors in headless Chromium: an app and email codes, chosen at login, removed one by one', () => {
  let browser: Browser;
  let page: Page;
  let client: SignedInClient;
  let loginCodes = 0;
  const policyViolations: string[] = [];
  const url = (path: string) => new URL(path, e2eEnvironment().urls.activation).href;

  async function emailedCode(): Promise<string> {
    const emails = await emailsTo(client.who.email, 'login-code', ++loginCodes);
    return /\b(\d{6})\b/.exec(emails[loginCodes - 1].text ?? '')![1];
  }

  async function totpCode(): Promise<string> {
    if (client.factor.step >= currentStep() + 1) await advanceClock('30s');
    const { code, step } = nextTotp(client.factor.secret, client.factor.step);
    client.factor.step = step;
    return code;
  }

  async function submitCode(code: string): Promise<void> {
    await page.fill('#code', code);
    await Promise.all([page.waitForNavigation(), page.press('#code', 'Enter')]);
  }

  async function password(lang: string): Promise<void> {
    await page.goto(url(`/login?lang=${lang}`));
    await page.fill('#username', client.username);
    await page.fill('#password', client.password);
    await Promise.all([page.waitForNavigation(), page.press('#password', 'Enter')]);
  }

  beforeAll(async () => {
    client = await registerSignedIn();
    browser = await launchChromium();
    ({ page } = await openWatchedPage(browser, policyViolations));
  });

  afterAll(async () => {
    await browser?.close();
    await resetClock();
  });

  it('R27: with the app, the client adds email codes from the account page; the account shows both', async () => {
    await password('en');
    await submitCode(await totpCode());
    expect(new URL(page.url()).pathname).toBe('/account');
    await Promise.all([page.waitForNavigation(), page.getByRole('link', { name: 'Add another second factor' }).click()]);
    await Promise.all([page.waitForNavigation(), page.locator('form[action^="/account/second-factor/email"] button').click()]);
    await submitCode(await emailedCode());
    expect(await page.textContent('h1')).toBe('Your second factor is set up');
    // Not the first factor: no new removal code.
    expect(await page.locator('#removal-code').count()).toBe(0);
    await page.goto(url('/account?lang=en'));
    expect(await page.textContent('#account-second-factor')).toBe('Authenticator app, Code by email');
    for (const lang of ['hu', 'en', 'uk']) {
      await page.goto(url(`/account?lang=${lang}`));
      expect(await page.locator('input[type="radio"][name="method"]').count()).toBe(2);
      await screenshot(page, `account-several-factors-${lang}`);
    }
  });

  it('R27: the login starts with the factor last used and offers the other; the email code is sent when it is chosen', async () => {
    await page.goto(url('/account?lang=en'));
    await Promise.all([page.waitForNavigation(), page.locator('form[action^="/logout"] button').click()]);
    for (const lang of ['hu', 'en', 'uk']) {
      await password(lang);
      expect(await page.locator('form[action^="/login/second-factor/options"]').count()).toBe(1);
      await screenshot(page, `login-second-factor-choice-${lang}`);
    }
    // The app was used last: its code is asked for; the client switches to email.
    expect(await page.locator('input[name="method"][type="hidden"]').first().getAttribute('value')).toBe('totp');
    await Promise.all([page.waitForNavigation(), page.getByRole('button', { name: 'Натомість надіслати мені код електронною поштою' }).click()]);
    expect(await page.textContent('.intro')).toContain('Ми надіслали вам 6-значний код');
    await screenshot(page, 'login-second-factor-email-chosen-uk');
    await submitCode(await emailedCode());
    expect(new URL(page.url()).pathname).toBe('/account');
  });

  it('R27: one factor is removed by choosing it on the account page; the other stays and the next login uses it', async () => {
    await page.goto(url('/account?lang=en'));
    await page.check('input[type="radio"][name="method"][value="email"]');
    await page.fill('#password', client.password);
    await page.fill('#code', await totpCode());
    await Promise.all([page.waitForNavigation(), page.press('#code', 'Enter')]);
    // R26: the removal ended every session: the client logs in again, with the app only.
    expect(new URL(page.url()).pathname).toBe('/login');
    await password('en');
    expect(await page.locator('form[action^="/login/second-factor/options"]').count()).toBe(0);
    await submitCode(await totpCode());
    expect(await page.textContent('#account-second-factor')).toBe('Authenticator app');
    await screenshot(page, 'account-one-factor-left-en');
    expect(policyViolations).toEqual([]);
  });
});
