import { Browser, BrowserContext, CDPSession, Page } from 'playwright-core';
import { ActiveClient, currentStep, nextTotp, registerActive } from './support/activation-fixtures';
import { advanceClock, resetClock } from './support/clock';
import { query } from './support/database';
import { e2eEnvironment } from './support/environment';
import { emailsTo } from './support/mail';
import { launchChromium, openWatchedPage, screenshot } from './support/pages-browser';

const LANGUAGES = ['hu', 'en', 'uk'] as const;
const PASSKEY_NAME = 'Work laptop';

describe('R27 passkeys in headless Chromium with a virtual authenticator: enrol, sign in, add an app, choose at login, remove', () => {
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let cdp: CDPSession;
  let authenticatorId: string;
  let client: ActiveClient;
  let totp: { secret: string; step: number };
  const policyViolations: string[] = [];
  // Passkeys are bound to an origin whose host is a domain (an IP address cannot be an RP ID): the service's WEBAUTHN_ORIGIN.
  const url = (path: string) => new URL(path, `http://localhost:${new URL(e2eEnvironment().urls.activation).port}`).href;

  async function submit(action: () => Promise<unknown>): Promise<void> {
    await Promise.all([page.waitForNavigation(), action()]);
  }

  async function password(lang: string): Promise<void> {
    await page.goto(url(`/login?lang=${lang}`));
    await page.fill('#username', client.username);
    await page.fill('#password', client.password);
    await submit(() => page.press('#password', 'Enter'));
  }

  async function logOut(): Promise<void> {
    await page.goto(url('/account?lang=en'));
    await submit(() => page.locator('form[action^="/logout"] button').click());
  }

  async function totpCode(): Promise<string> {
    if (totp.step >= currentStep() + 1) await advanceClock('30s');
    const { code, step } = nextTotp(totp.secret, totp.step);
    totp.step = step;
    return code;
  }

  /** The credentials the virtual authenticator holds, with their signature counters. */
  async function storedCredentials(): Promise<{ credentialId: string; signCount: number }[]> {
    const { credentials } = await cdp.send('WebAuthn.getCredentials', { authenticatorId });
    return credentials;
  }

  async function passkeyRows(): Promise<{ name: string; sign_count: string; last_used_at: Date | null }[]> {
    return query<{ name: string; sign_count: string; last_used_at: Date | null }>(
      'activation',
      "SELECT name, sign_count, last_used_at FROM second_factor WHERE gateway_id = $1 AND method = 'passkey'",
      [client.gatewayId],
    );
  }

  beforeAll(async () => {
    client = await registerActive();
    browser = await launchChromium();
    ({ context, page } = await openWatchedPage(browser, policyViolations));
    cdp = await context.newCDPSession(page);
    await cdp.send('WebAuthn.enable');
    ({ authenticatorId } = await cdp.send('WebAuthn.addVirtualAuthenticator', {
      options: { protocol: 'ctap2', transport: 'internal', hasResidentKey: true, hasUserVerification: true, isUserVerified: true },
    }));
  });

  afterAll(async () => {
    await browser?.close();
    await resetClock();
  });

  it('R27: the enrolment a first login asks for offers a passkey; the browser creates one, named by the client, and the removal code is shown', async () => {
    await password('en');
    expect(new URL(page.url()).pathname).toBe('/account/second-factor');
    for (const lang of LANGUAGES) {
      await page.goto(url(`/account/second-factor?lang=${lang}`));
      await screenshot(page, `enrol-choices-with-passkey-${lang}`);
      await submit(() => page.locator('form[action^="/account/second-factor/passkey/options"] button').click());
      expect(await page.locator('form[data-passkey="create"]').count()).toBe(1);
      await screenshot(page, `enrol-passkey-${lang}`);
    }
    // The last form shown (uk) holds the ceremony under way.
    await page.fill('#name', PASSKEY_NAME);
    await submit(() => page.locator('#passkey-form button[type="submit"]').click());
    expect(await page.textContent('h1')).toBe('Другий фактор налаштовано');
    expect(await page.textContent('#removal-code')).toMatch(/^[0-9A-Z]{4}(-[0-9A-Z]{4}){3}$/);
    expect(await storedCredentials()).toHaveLength(1);
    expect(await passkeyRows()).toEqual([expect.objectContaining({ name: PASSKEY_NAME })]);
    // Emailed (by its name) and in the account's activity (R26).
    const [enrolled] = await emailsTo(client.who.email, 'second-factor-enrolled', 1);
    expect(enrolled.text).toContain(PASSKEY_NAME);
    for (const lang of LANGUAGES) {
      await page.goto(url(`/account?lang=${lang}`));
      expect(await page.textContent('#passkeys-table')).toContain(PASSKEY_NAME);
      await screenshot(page, `account-passkey-${lang}`);
    }
    expect(await page.locator('#activity-table').textContent()).toContain('Другий фактор налаштовано');
  });

  it('R27: the next login asks for the passkey; the assertion signs the client in and its counter goes up', async () => {
    await logOut();
    const before = (await storedCredentials())[0].signCount;
    for (const lang of LANGUAGES) {
      await password(lang);
      expect(await page.locator('form[data-passkey="get"]').count()).toBe(1);
      await screenshot(page, `login-passkey-${lang}`);
    }
    await submit(() => page.locator('#passkey-form button[type="submit"]').click());
    expect(new URL(page.url()).pathname).toBe('/account');
    const [row] = await passkeyRows();
    expect(Number(row.sign_count)).toBeGreaterThan(before);
    expect(Number(row.sign_count)).toBe((await storedCredentials())[0].signCount);
    expect(row.last_used_at).not.toBeNull();
  });

  it('R26, R27: with only a passkey, a re-authentication takes the password and the passkey instead of a code', async () => {
    for (const lang of LANGUAGES) {
      await page.goto(url(`/account/reauthenticate?then=password&lang=${lang}`));
      expect(await page.locator('button[data-passkey-trigger]').count()).toBe(1);
      await screenshot(page, `reauthenticate-passkey-${lang}`);
    }
    await page.goto(url('/account/reauthenticate?then=password&lang=en'));
    await page.fill('#password', client.password);
    await submit(() => page.getByRole('button', { name: 'Instead of a code, confirm with a passkey' }).click());
    expect(new URL(page.url()).pathname).toBe('/account');
    expect(await page.textContent('.notice')).toContain('You can now carry on');
  });

  it('R27: the client adds an authenticator app as well; the login starts with the passkey last used and offers the app', async () => {
    await page.goto(url('/account?lang=en'));
    await submit(() => page.getByRole('link', { name: 'Add another second factor' }).click());
    await submit(() => page.locator('form[action^="/account/second-factor/totp"] button').click());
    const secret = ((await page.textContent('#totp-secret')) ?? '').replace(/\s/g, '');
    totp = { secret, step: currentStep() - 2 };
    const { code, step } = nextTotp(secret, totp.step);
    totp.step = step;
    await page.fill('#code', code);
    await submit(() => page.press('#code', 'Enter'));
    expect(await page.textContent('h1')).toBe('Your second factor is set up');
    await page.goto(url('/account?lang=en'));
    expect(await page.textContent('#account-second-factor')).toBe(`Authenticator app, Passkey (${PASSKEY_NAME})`);

    await logOut();
    for (const lang of LANGUAGES) {
      await password(lang);
      expect(await page.locator('form[data-passkey="get"]').count()).toBe(1);
      expect(await page.locator('form[action^="/login/second-factor/options"]').count()).toBe(1);
      await screenshot(page, `login-passkey-or-app-${lang}`);
    }
    // The client chooses the app (uk, the last page shown).
    await submit(() => page.getByRole('button', { name: 'Натомість використати застосунок-автентифікатор' }).click());
    await page.fill('#code', await totpCode());
    await submit(() => page.press('#code', 'Enter'));
    expect(new URL(page.url()).pathname).toBe('/account');
  });

  it('R27: the app was used last, so it comes first; the client switches to the passkey', async () => {
    await logOut();
    await password('en');
    expect(await page.locator('form[data-passkey="get"]').count()).toBe(0);
    expect(await page.locator('#code').count()).toBe(1);
    await submit(() => page.getByRole('button', { name: 'Use a passkey instead' }).click());
    await screenshot(page, 'login-passkey-chosen-en');
    await submit(() => page.locator('#passkey-form button[type="submit"]').click());
    expect(new URL(page.url()).pathname).toBe('/account');
  });

  it('R27: the passkey is removed on the account page with the password and an app code; the app stays, and the removal is emailed', async () => {
    await page.goto(url('/account?lang=en'));
    await page.check('input[type="radio"][name="method"][value^="passkey:"]');
    await page.fill('#password', client.password);
    await page.fill('#code', await totpCode());
    await submit(() => page.press('#code', 'Enter'));
    // R26: the removal ended every session.
    expect(new URL(page.url()).pathname).toBe('/login');
    expect(await passkeyRows()).toEqual([]);
    const [removed] = await emailsTo(client.who.email, 'second-factor-removed', 1);
    expect(removed.text).toContain(PASSKEY_NAME);

    await password('en');
    expect(await page.locator('form[data-passkey="get"]').count()).toBe(0);
    expect(await page.locator('form[action^="/login/second-factor/options"]').count()).toBe(0);
    await page.fill('#code', await totpCode());
    await submit(() => page.press('#code', 'Enter'));
    expect(await page.textContent('#account-second-factor')).toBe('Authenticator app');
    expect(await page.locator('#passkeys-table').count()).toBe(0);
    expect(policyViolations).toEqual([]);
  });
});
