import { randomUUID } from 'node:crypto';
import { Browser, BrowserContext, Page } from 'playwright-core';
import { RunningService } from '@client-gate/tools/system/services';
import { query } from './support/database';
import { signIn, spoilRefreshToken, startDeskInstance, storedSession } from './support/desk';
import { e2eEnvironment } from './support/environment';
import { call } from './support/http';
import { launchChromium } from './support/pages-browser';
import { waitFor } from './support/wait-for';

/** R25: the desk's sessions live in its database and outlive the provider's short access tokens. */
describe('R25: desk sessions survive a restart and the access token\'s short life', () => {
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let desk: RunningService | undefined;
  let port: number;

  const sessionCookie = async () => (await context.cookies(e2eEnvironment().deskUrl)).find((cookie) => cookie.name === 'desk_session')!.value;

  beforeAll(async () => {
    port = Number(new URL(e2eEnvironment().deskUrl).port) + 40;
    browser = await launchChromium();
  });

  beforeEach(async () => {
    context = await browser.newContext();
    page = await context.newPage();
  });

  afterEach(async () => {
    await context.close();
    await desk?.stop();
    desk = undefined;
  });

  afterAll(async () => {
    await browser?.close();
  });

  it('R25: a desk killed (kill -9) and started again mid-session keeps the officer signed in, CSRF token and all', async () => {
    desk = await startDeskInstance(port);
    await signIn(page, 'kyiv-officer', desk.url);
    await page.goto(`${desk.url}/appointments`);
    expect(await page.textContent('.officer')).toContain('HU-KYIV');
    const [{ count }] = await query<{ count: number }>('desk', 'SELECT count(*)::int AS count FROM desk_session WHERE officer = $1', ['kyiv-officer']);
    expect(count).toBeGreaterThan(0);

    desk.process.kill('SIGKILL');
    await desk.stop();
    desk = await startDeskInstance(port);

    const response = await page.goto(`${desk.url}/appointments`);
    expect(response?.status()).toBe(200);
    expect(new URL(page.url()).pathname).toBe('/appointments');
    expect(await page.textContent('.officer')).toContain('HU-KYIV');
    // A form of the page served before the restart still posts: the CSRF token is the session's, in the database.
    await page.fill('#time', '11:15');
    await page.fill('#applicantName', 'Restart Test');
    await page.selectOption('#channel', 'phone');
    await page.fill('#contact', '+380441112233');
    await Promise.all([page.waitForURL(/booked=/), page.click('form[action="/appointments"] button[type="submit"]')]);
    const booked = new URL(page.url()).searchParams.get('booked')!;
    expect(await page.locator(`tr[data-appointment="${booked}"]`).textContent()).toContain('Restart Test');
  }, 180_000);

  it('R25: the desk renews the access token with the refresh token; the officer keeps working past the first token\'s life', async () => {
    await signIn(page, 'kyiv-officer');
    const first = (await storedSession(await sessionCookie()))!;
    expect(first.refreshToken).toBeDefined();
    const lifeMs = first.accessTokenExpiresAt.getTime() - first.tokensRenewedAt.getTime();
    expect(lifeMs).toBeLessThanOrEqual(e2eEnvironment().deskAccessTokenTtlSeconds * 1000);

    // The first access token expires: intake refuses it.
    await waitFor(
      'the first access token to be refused by intake',
      async () => ((await call('intake', 'GET', `/applications/${randomUUID()}`, { token: first.accessToken })).status === 401 ? true : undefined),
      (e2eEnvironment().deskAccessTokenTtlSeconds + 30) * 1000,
    );
    const response = await page.goto(`${e2eEnvironment().deskUrl}/appointments`);
    expect(response?.status()).toBe(200);
    expect(new URL(page.url()).pathname).toBe('/appointments');
    const renewed = (await storedSession(await sessionCookie()))!;
    expect(renewed.accessToken).not.toBe(first.accessToken);
    expect(renewed.accessTokenExpiresAt.getTime()).toBeGreaterThan(Date.now());
    expect((await call('intake', 'GET', `/applications/${randomUUID()}`, { token: renewed.accessToken })).status).toBe(404);
  }, 120_000);

  it('R25: when the provider refuses to renew, the session ends cleanly and the sign-in page says why', async () => {
    await signIn(page, 'kyiv-officer');
    const cookie = await sessionCookie();
    await spoilRefreshToken(cookie);
    await page.goto(`${e2eEnvironment().deskUrl}/appointments`);
    expect(new URL(page.url()).pathname).toBe('/');
    expect(new URL(page.url()).searchParams.get('ended')).toBe('renewal-refused');
    expect(await page.textContent('.notice')).toContain('nem hosszabbította meg');
    expect(await storedSession(cookie)).toBeUndefined();
    expect((await context.cookies(e2eEnvironment().deskUrl)).some((c) => c.name === 'desk_session')).toBe(false);
  });
});
