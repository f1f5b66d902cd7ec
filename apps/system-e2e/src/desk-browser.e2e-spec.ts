import { Browser, BrowserContext, Page } from 'playwright-core';
import { e2eEnvironment } from './support/environment';
import { newPerson } from './support/fixtures';
import { call, portalToken } from './support/http';
import { applyFor } from './support/registry-fixtures';
import { launchChromium, screenshot } from './support/pages-browser';
import { auditEntries } from './support/security-fixtures';
import { waitFor } from './support/wait-for';
import { DESK_PASSWORD as PASSWORD, expectAnotherConsulateSeesNothing, fillApplication, signIn } from './support/desk';

async function switchLanguage(page: Page, lang: 'hu' | 'en'): Promise<void> {
  await Promise.all([page.waitForLoadState(), page.click(`.languages a[hreflang="${lang}"]`)]);
  expect(await page.getAttribute('html', 'lang')).toBe(lang);
}

describe('R25: the officer\'s desk in headless Chromium, signed in through the development OpenID Connect provider', () => {
  let browser: Browser;
  let kyiv: BrowserContext;
  let page: Page;
  const policyViolations: string[] = [];
  const who = newPerson();
  let appointmentId: string;
  let applicationId: string;
  let gatewayId: string;
  let desk: string;

  beforeAll(async () => {
    desk = e2eEnvironment().deskUrl;
    browser = await launchChromium();
    kyiv = await browser.newContext({ viewport: { width: 1100, height: 900 } });
    page = await kyiv.newPage();
    page.on('console', (message) => {
      if (/Content.Security.Policy/i.test(message.text())) policyViolations.push(message.text());
    });
  });

  afterAll(async () => {
    await browser?.close();
  });

  it('R25: the desk asks for sign-in; a wrong password is refused by the provider; the right one opens today\'s appointments', async () => {
    const home = await page.goto(desk);
    expect(home?.status()).toBe(200);
    expect(home?.headers()['cache-control']).toBe('no-store');
    expect(home?.headers()['content-security-policy']).toContain("default-src 'none'");
    expect(await page.getAttribute('html', 'lang')).toBe('hu');
    await screenshot(page, 'desk-sign-in-hu');
    await switchLanguage(page, 'en');
    await screenshot(page, 'desk-sign-in-en');
    await switchLanguage(page, 'hu');

    await page.click('a[href="/auth/sign-in"]');
    await page.waitForSelector('input[name="login"]');
    await screenshot(page, 'desk-provider-sign-in');
    await page.fill('input[name="login"]', 'kyiv-officer');
    await page.fill('input[name="password"]', 'not-the-password');
    await page.click('button[type="submit"]');
    await page.waitForSelector('#login-error');

    await page.fill('input[name="login"]', 'kyiv-officer');
    await page.fill('input[name="password"]', PASSWORD);
    await Promise.all([page.waitForURL(/\/appointments$/), page.click('button[type="submit"]')]);
    expect(await page.textContent('.officer')).toContain('HU-KYIV');
    expect(await page.textContent('h1')).toMatch(/^Időpontok: /);
    const cookies = await kyiv.cookies(desk);
    const session = cookies.find((cookie) => cookie.name === 'desk_session');
    expect(session).toMatchObject({ httpOnly: true, sameSite: 'Lax' });
    expect(cookies.some((cookie) => cookie.name === 'desk_sign_in')).toBe(false);
  });

  it('R4, R25: books an appointment for today in the consulate\'s time zone; it is listed with time, channel, contact and name', async () => {
    await page.fill('#time', '10:30');
    await page.fill('#applicantName', who.person.familyName);
    await page.selectOption('#channel', 'email');
    await page.fill('#contact', who.email);
    await Promise.all([page.waitForURL(/booked=/), page.click('form[action="/appointments"] button[type="submit"]')]);
    appointmentId = new URL(page.url()).searchParams.get('booked')!;
    const row = page.locator(`tr[data-appointment="${appointmentId}"]`);
    expect(await row.textContent()).toContain('10:30');
    expect(await row.textContent()).toContain(who.person.familyName);
    expect(await row.textContent()).toContain(who.email);
    await screenshot(page, 'desk-appointments-hu');
    await switchLanguage(page, 'en');
    expect(await page.textContent('h1')).toMatch(/^Appointments on /);
    await screenshot(page, 'desk-appointments-en');
  });

  it('R5, R25: the application form explains the document rules and ties each error to its field in plain language', async () => {
    await page.click(`tr[data-appointment="${appointmentId}"] a`);
    await page.waitForSelector('#person-familyName');
    await screenshot(page, 'desk-record-application-en');
    // A Ukrainian citizen with an ID card: shape is fine, R5 refuses it; the date of birth is left out.
    await fillApplication(page, who, 'id_card', 'dateOfBirth');
    await page.click('main form button[type="submit"]');
    await page.waitForSelector('.error-summary');
    expect(await page.getAttribute('#person-dateOfBirth', 'aria-invalid')).toBe('true');
    expect(await page.textContent('#person-dateOfBirth-error')).toContain('Fill this in');
    await screenshot(page, 'desk-record-application-errors-en');

    await page.fill('#person-dateOfBirth', who.person.dateOfBirth);
    await page.click('main form button[type="submit"]');
    await page.waitForSelector('#document-type-error');
    expect(await page.textContent('#document-type-error')).toContain('not accepted for this citizenship');
    expect(await page.textContent('.rules__applies')).toContain('other countries: a passport');
    // In Hungarian, an empty form: every required field says so at the field.
    await switchLanguage(page, 'hu');
    await screenshot(page, 'desk-record-application-hu');
    await page.click('main form button[type="submit"]');
    await page.waitForSelector('.error-summary');
    expect(await page.textContent('#person-familyName-error')).toContain('Töltse ki.');
    expect(await page.getAttribute('#citizenship', 'aria-invalid')).toBe('true');
    await screenshot(page, 'desk-record-application-errors-hu');
  });

  it('R9, R25: records a register application and watches it complete on a page that refreshes itself', async () => {
    // The language switch reloaded the empty form: fill it again, correctly.
    await page.goto(`${desk}/appointments/${appointmentId}/application`);
    await fillApplication(page, who, 'passport');
    await Promise.all([page.waitForURL(/\/applications\/[0-9a-f-]{36}$/), page.click('main form button[type="submit"]')]);
    applicationId = page.url().split('/').pop()!;
    // The page refreshes itself (meta refresh) until registry has decided.
    await page.waitForSelector('.status--completed', { timeout: 30_000 });
    expect(await page.textContent('#application-status')).toBe('Teljesítve');
    await screenshot(page, 'desk-application-hu');
    await switchLanguage(page, 'en');
    await screenshot(page, 'desk-application-en');
  });

  it('R25: the hand-over sheet is in the client\'s language, shows the address masked, the rules and no secret, and prints without the desk around it', async () => {
    await Promise.all([page.waitForURL(/hand-over$/), page.click('a[href$="/hand-over"]')]);
    expect(await page.getAttribute('html', 'lang')).toBe('uk');
    const text = (await page.textContent('main'))!;
    const [local, domain] = who.email.split('@');
    expect(text).toContain(`${local[0]}***@${domain}`);
    expect(text).not.toContain(who.email);
    expect(text).toContain('5 днів');
    expect(text).toContain('/activate?lang=uk');
    expect(text).toContain('/forgotten-password?lang=uk');
    expect(text).not.toMatch(/[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}/);
    await screenshot(page, 'desk-hand-over-uk');
    await page.emulateMedia({ media: 'print' });
    expect(await page.isVisible('.sheet-tools')).toBe(false);
    await screenshot(page, 'desk-hand-over-uk-print');
    await page.emulateMedia({ media: 'screen' });
    for (const lang of ['hu', 'en'] as const) {
      await page.goto(`${desk}/applications/${applicationId}/hand-over?lang=${lang}`);
      expect(await page.getAttribute('html', 'lang')).toBe(lang);
      await screenshot(page, `desk-hand-over-${lang}`);
    }
    await page.emulateMedia({ media: 'print' });
    await screenshot(page, 'desk-hand-over-en-print');
    await page.emulateMedia({ media: 'screen' });
  });

  it('R25: finds the gateway by id and by family name and date of birth; each look-up is audited without personal data', async () => {
    await page.goto(`${desk}/applications/${applicationId}`);
    await Promise.all([page.waitForURL(/\/gateways\?gatewayId=/), page.click('a[href^="/gateways?gatewayId="]')]);
    gatewayId = new URL(page.url()).searchParams.get('gatewayId')!;
    expect(await page.textContent(`tr[data-gateway="${gatewayId}"]`)).toContain('Waiting for activation');
    await screenshot(page, 'desk-gateways-en');

    await page.fill('#familyName', who.person.familyName.toUpperCase());
    await page.fill('#dateOfBirth', who.person.dateOfBirth);
    await Promise.all([page.waitForURL(/familyName=/), page.click('form:has(#familyName) button[type="submit"]')]);
    expect(await page.locator('tr[data-gateway]').count()).toBe(1);
    expect(await page.isVisible(`tr[data-gateway="${gatewayId}"]`)).toBe(true);
    await switchLanguage(page, 'hu');
    await screenshot(page, 'desk-gateways-hu');

    const lookups = await waitFor('the look-ups on ops.audit.v1', async () => {
      const entries = (await auditEntries()).filter((entry) => entry.actor === 'kyiv-officer' && entry.action.startsWith('gateway.looked-up'));
      return entries.length >= 3 ? entries : undefined;
    });
    expect(lookups.map((entry) => entry.action)).toEqual(expect.arrayContaining(['gateway.looked-up.by-id', 'gateway.looked-up.by-name-and-birth-date']));
    for (const entry of lookups) {
      expect(entry.subject).toBe(gatewayId);
      expect(JSON.stringify(entry)).not.toContain(who.person.familyName.split('-')[1]);
      expect(JSON.stringify(entry)).not.toContain(who.person.dateOfBirth);
    }
  });

  it('R25: another consulate\'s officer can neither list nor open any of it: appointments, application, hand-over sheet, gateway', async () => {
    const warsaw = await browser.newContext();
    const other = await warsaw.newPage();
    try {
      await signIn(other, 'warsaw-officer');
      expect(await other.textContent('.officer')).toContain('HU-WARSAW');
      const date = new URL(page.url()).searchParams.get('date');
      await expectAnotherConsulateSeesNothing(other, desk, { appointmentId, applicationId, familyName: who.person.familyName, date });
      await screenshot(other, 'desk-not-found-hu');
      await switchLanguage(other, 'en');
      expect(await other.textContent('h1')).toBe('Not found');
      await screenshot(other, 'desk-not-found-en');
      await switchLanguage(other, 'hu');
      await other.goto(`${desk}/gateways?gatewayId=${gatewayId}`);
      expect(await other.locator('tr[data-gateway]').count()).toBe(0);
      await other.goto(`${desk}/gateways?familyName=${encodeURIComponent(who.person.familyName)}&dateOfBirth=${who.person.dateOfBirth}`);
      expect(await other.locator('tr[data-gateway]').count()).toBe(0);
      await screenshot(other, 'desk-other-consulate-gateways-hu');
    } finally {
      await warsaw.close();
    }
  });

  it('R8, R25: a rejected registration\'s page gives both remedies and the day the temporary registration lapses', async () => {
    const temporary = newPerson();
    const created = await call('registry', 'POST', '/temporary-registrations', { token: portalToken(), body: temporary });
    expect(created.status).toBe(201);
    const rejected = await applyFor('register', temporary);
    expect(rejected.status).toBe('rejected');
    await page.goto(`${desk}/applications/${rejected.id}`);
    expect(await page.locator('meta[http-equiv="refresh"]').count()).toBe(0);
    const reasons = (await page.textContent('.notice--error'))!;
    expect(reasons).toContain('online visszavonja');
    expect(reasons).toContain('megvárja');
    expect(reasons).not.toContain('TEMPORARY_REGISTRATION_PENDING');
    const lapses = /\d{4}-\d{2}-\d{2}/.exec(JSON.stringify(rejected.reasons))![0];
    expect(reasons).toContain(new Intl.DateTimeFormat('hu-HU', { dateStyle: 'full', timeZone: 'UTC' }).format(new Date(`${lapses}T12:00:00Z`)));
    await screenshot(page, 'desk-application-rejected-hu');
    await switchLanguage(page, 'en');
    expect(await page.textContent('.notice--error')).toContain('cancels it online, or waits until it lapses on');
    await screenshot(page, 'desk-application-rejected-en');
    await switchLanguage(page, 'hu');
  });

  it('R25: signing out ends the desk\'s session and the provider\'s (RP-initiated logout)', async () => {
    await page.goto(`${desk}/appointments`);
    await Promise.all([page.waitForURL((url) => !url.href.startsWith(desk)), page.click('.sign-out button[type="submit"]')]);
    await screenshot(page, 'desk-provider-sign-out');
    await Promise.all([page.waitForURL(`${desk}/?signed-out=1`), page.click('button[name="logout"][value="yes"]')]);
    expect(await page.textContent('.notice')).toBe('Kijelentkezett.');
    await screenshot(page, 'desk-signed-out-hu');
    await switchLanguage(page, 'en');
    expect(await page.textContent('.notice')).toBe('You have signed out.');
    await screenshot(page, 'desk-signed-out-en');
    // The desk's session is gone, and so is the provider's: signing in asks for the password again.
    await page.goto(`${desk}/appointments`);
    expect(new URL(page.url()).pathname).toBe('/');
    await page.click('a[href="/auth/sign-in"]');
    await page.waitForSelector('input[name="password"]');
    expect(policyViolations).toEqual([]);
  });
});
