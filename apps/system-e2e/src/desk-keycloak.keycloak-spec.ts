import { decodeJwt, decodeProtectedHeader } from 'jose';
import { Browser, BrowserContext, Page } from 'playwright-core';
import { DESK_PASSWORD, expectAnotherConsulateSeesNothing, fillApplication, storedSession, StoredSession } from './support/desk';
import { e2eEnvironment } from './support/environment';
import { newPerson } from './support/fixtures';
import { call } from './support/http';
import { launchChromium, screenshot } from './support/pages-browser';

/** Signs in at the desk through Keycloak's own login form (its theme's `#username`, `#password`, `#kc-login`). */
async function signInAtKeycloak(page: Page, username: string, password = DESK_PASSWORD): Promise<void> {
  const { deskUrl, identityProvider } = e2eEnvironment();
  await page.goto(deskUrl);
  await Promise.all([page.waitForURL((url) => url.href.startsWith(identityProvider.issuer)), page.click('a[href="/auth/sign-in"]')]);
  await page.fill('#username', username);
  await page.fill('#password', password);
  await Promise.all([page.waitForURL(/\/appointments/), page.click('#kc-login')]);
}

/**
 * R25 against a real Keycloak 26.7.3 (`npm run test:keycloak`): the realm `consular` of tools/keycloak/consular-realm.json
 * (the desk's confidential client with PKCE S256, two officers whose consulate is a declared user-profile attribute,
 * mapped into the tokens; 60 s access tokens), the desk and the staff APIs configured as the README's walk-through says.
 */
describe('R25: the desk signed in through Keycloak 26.7.3', () => {
  let browser: Browser;
  let kyiv: BrowserContext;
  let page: Page;
  let desk: string;
  let issuer: string;
  let firstSession: StoredSession;
  let applicationId: string;
  let appointmentId: string;
  const who = newPerson();
  const sessionCookie = async (context: BrowserContext) => (await context.cookies(desk)).find((cookie) => cookie.name === 'desk_session')!.value;

  beforeAll(async () => {
    ({ deskUrl: desk, identityProvider: { issuer } } = e2eEnvironment());
    browser = await launchChromium();
    kyiv = await browser.newContext({ viewport: { width: 1100, height: 900 } });
    page = await kyiv.newPage();
  });

  afterAll(async () => {
    await browser?.close();
  });

  it('R25: Keycloak\'s own form refuses a wrong password and signs the Kyiv officer in; the tokens are Keycloak\'s, for the desk\'s client and the staff APIs', async () => {
    await page.goto(desk);
    await Promise.all([page.waitForURL((url) => url.href.startsWith(issuer)), page.click('a[href="/auth/sign-in"]')]);
    // The desk sent PKCE (S256), state and nonce; the client requires PKCE.
    const authorization = new URL(page.url());
    expect(authorization.pathname).toBe(`${new URL(issuer).pathname}/protocol/openid-connect/auth`);
    expect(authorization.searchParams.get('code_challenge_method')).toBe('S256');
    await page.fill('#username', 'kyiv-officer');
    await page.fill('#password', 'not-the-password');
    await page.click('#kc-login');
    expect(await page.textContent('#input-error-username')).toContain('Invalid username or password');
    await screenshot(page, 'keycloak-sign-in-refused');

    await page.fill('#password', DESK_PASSWORD);
    await Promise.all([page.waitForURL(/\/appointments$/), page.click('#kc-login')]);
    expect(await page.textContent('.officer')).toContain('HU-KYIV');
    expect(await page.textContent('.officer')).toContain('Olena Kovalenko');
    await screenshot(page, 'keycloak-desk-appointments');

    firstSession = (await storedSession(await sessionCookie(kyiv)))!;
    expect(decodeProtectedHeader(firstSession.accessToken).typ).toBe('JWT');
    const claims = decodeJwt(firstSession.accessToken);
    expect(claims).toMatchObject({ iss: issuer, azp: 'client-gate-desk', preferred_username: 'kyiv-officer', consulate: 'HU-KYIV' });
    expect([claims.aud].flat()).toContain('urn:client-gate:staff-api');
    expect(firstSession.refreshToken).toBeDefined();
    // The realm's 60 s access tokens (Keycloak's expires_in).
    const lifeSeconds = (firstSession.accessTokenExpiresAt.getTime() - firstSession.tokensRenewedAt.getTime()) / 1000;
    expect(lifeSeconds).toBeGreaterThan(50);
    expect(lifeSeconds).toBeLessThanOrEqual(60);
  });

  it('R4, R9, R25: the Kyiv officer books an appointment and records a register application, which completes', async () => {
    await page.fill('#time', '10:30');
    await page.fill('#applicantName', who.person.familyName);
    await page.selectOption('#channel', 'email');
    await page.fill('#contact', who.email);
    await Promise.all([page.waitForURL(/booked=/), page.click('form[action="/appointments"] button[type="submit"]')]);
    appointmentId = new URL(page.url()).searchParams.get('booked')!;
    expect(await page.textContent(`tr[data-appointment="${appointmentId}"]`)).toContain(who.person.familyName);

    await page.click(`tr[data-appointment="${appointmentId}"] a`);
    await page.waitForSelector('#person-familyName');
    await fillApplication(page, who, 'passport');
    await Promise.all([page.waitForURL(/\/applications\/[0-9a-f-]{36}$/), page.click('main form button[type="submit"]')]);
    applicationId = page.url().split('/').pop()!;
    await page.waitForSelector('.status--completed', { timeout: 30_000 });
    await screenshot(page, 'keycloak-desk-application');
  });

  it('R25: the Warsaw officer, signed in through Keycloak, sees none of it', async () => {
    const warsaw = await browser.newContext();
    const other = await warsaw.newPage();
    try {
      await signInAtKeycloak(other, 'warsaw-officer');
      expect(await other.textContent('.officer')).toContain('HU-WARSAW');
      const date = new URL(page.url()).searchParams.get('date');
      await expectAnotherConsulateSeesNothing(other, desk, { appointmentId, applicationId, familyName: who.person.familyName, date });
      // The staff API itself, with Warsaw's Keycloak token: not found either.
      const warsawToken = (await storedSession(await sessionCookie(warsaw)))!.accessToken;
      expect((await call('intake', 'GET', `/applications/${applicationId}`, { token: warsawToken })).status).toBe(404);
    } finally {
      await warsaw.close();
    }
  });

  it('R25: past the first access token\'s 60 s the officer still works: the desk renewed it with Keycloak\'s refresh token', async () => {
    // The first token's end is a moment on the clock, not a condition to poll: wait for it, and for the 5 s of clock
    // difference that the staff APIs allow past `exp`.
    const expired = (decodeJwt(firstSession.accessToken).exp! + 7) * 1000 - Date.now();
    if (expired > 0) await new Promise((resolve) => setTimeout(resolve, expired));
    expect((await call('intake', 'GET', `/applications/${applicationId}`, { token: firstSession.accessToken })).status).toBe(401);

    const response = await page.goto(`${desk}/applications/${applicationId}`);
    expect(response?.status()).toBe(200);
    expect(await page.isVisible('.status--completed')).toBe(true);
    await page.goto(`${desk}/appointments`);
    expect(await page.locator(`tr[data-appointment="${appointmentId}"]`).count()).toBe(1);

    const renewed = (await storedSession(await sessionCookie(kyiv)))!;
    expect(renewed.accessToken).not.toBe(firstSession.accessToken);
    expect(renewed.accessTokenExpiresAt.getTime()).toBeGreaterThan(Date.now());
    expect(decodeJwt(renewed.accessToken)).toMatchObject({ iss: issuer, azp: 'client-gate-desk', consulate: 'HU-KYIV' });
    expect((await call('intake', 'GET', `/applications/${applicationId}`, { token: renewed.accessToken })).status).toBe(200);
  }, 120_000);

  it('R25: signing out ends the desk\'s session and Keycloak\'s (RP-initiated logout back to /signed-out)', async () => {
    await Promise.all([page.waitForURL(`${desk}/?signed-out=1`), page.click('.sign-out button[type="submit"]')]);
    await page.goto(`${desk}/appointments`);
    expect(new URL(page.url()).pathname).toBe('/');
    // Keycloak's session is gone too: signing in asks for the password again.
    await Promise.all([page.waitForURL((url) => url.href.startsWith(issuer)), page.click('a[href="/auth/sign-in"]')]);
    expect(await page.isVisible('#password')).toBe(true);
  });
});
