import { Locale, locales } from '@client-gate/contracts';
import Handlebars from 'handlebars';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { EmailType, emailTypes } from './email-types';
import { TemplateRenderer } from './template-renderer';

const CODE = 'ABCD-EFGH-JKMN-PQRS';
const LINK = 'https://ugyfelkapu.example/activate?lang=xx';

/** What the courier hands each template (sealed codes opened, paths made links). */
const sampleData: Record<EmailType, Record<string, unknown>> = {
  'activation-code': { code: CODE, expiresAt: '2027-03-06T09:05:00.000Z', link: LINK },
  'password-reset-code': { code: CODE, expiresAt: '2027-03-06T09:05:00.000Z', link: LINK },
  'activation-completed': { username: 'olena_k', activatedAt: '2027-03-01T09:05:00.000Z', passwordExpiresAt: '2029-02-28T09:05:00.000Z' },
  'password-changed': { changedAt: '2027-03-01T09:05:00.000Z', passwordExpiresAt: '2029-02-28T09:05:00.000Z', link: LINK },
  'email-changed': { changedAt: '2027-03-01T09:05:00.000Z', toPreviousAddress: true },
  'gateway-modified': {
    modifiedAt: '2027-03-01T09:05:00.000Z',
    identityChanged: true,
    usernameChanged: true,
    emailChanged: true,
    localeChanged: true,
    remindersChanged: true,
    activationCodeReissued: true,
    username: 'olena_k2',
    remindersEnabled: false,
  },
  'gateway-deleted': { deletedAt: '2027-03-01T09:05:00.000Z' },
  'document-expiry': { documentType: 'passport', expiresOn: '2027-09-01', daysLeft: 180 },
  'password-expiry': { passwordExpiresAt: '2027-04-10T09:05:00.000Z', daysLeft: 7, link: LINK },
  'login-code': { code: '042917', expiresAt: '2027-03-01T09:15:00.000Z' },
  'second-factor-enrolled': { method: 'passkey', passkeyName: 'Laptop-2027', enrolledAt: '2027-03-01T09:05:00.000Z', link: LINK },
  'second-factor-removed': { method: 'email', passkeyName: null, reason: 'removal-code', removedAt: '2027-03-01T09:05:00.000Z', link: LINK },
  'new-sign-in': { signedInAt: '2027-03-01T09:05:00.000Z', browser: 'Firefox 128 (Windows)', maskedAddress: '203.0.113.x', code: 'not-me-token_0123', link: LINK },
  'removal-code-renewed': { renewedAt: '2027-03-01T09:05:00.000Z', link: LINK },
};

/** Something of each email's own data that must reach the reader, in every language. */
const mustShow: Record<EmailType, string[]> = {
  'activation-code': [CODE, LINK],
  'password-reset-code': [CODE, LINK],
  'activation-completed': ['olena_k'],
  'password-changed': [LINK],
  'email-changed': [],
  'gateway-modified': ['olena_k2'],
  'gateway-deleted': [],
  'document-expiry': ['180'],
  'password-expiry': [LINK, '7'],
  'login-code': ['042917'],
  'second-factor-enrolled': [LINK, 'Laptop-2027'],
  'second-factor-removed': [LINK],
  'new-sign-in': [LINK, 'not-me-token_0123', 'Firefox 128 (Windows)', '203.0.113.x'],
  'removal-code-renewed': [LINK],
};

const renderer = new TemplateRenderer();
const cases = emailTypes.flatMap((type) => locales.map((locale) => [type, locale] as const));

describe('email templates (SPEC §4, R21): every type in hu, en and uk, one layout', () => {
  it('the templates folder holds exactly the types of SPEC §4, each in the three languages', () => {
    const folder = join(__dirname, '..', 'templates');
    const types = readdirSync(folder, { withFileTypes: true }).filter((entry) => entry.isDirectory()).map((entry) => entry.name);
    expect(types.sort()).toEqual([...emailTypes].sort());
    for (const type of types) {
      expect(readdirSync(join(folder, type)).sort()).toEqual([...locales].sort());
      for (const locale of locales) {
        expect(readdirSync(join(folder, type, locale)).sort()).toEqual(['body.html.hbs', 'body.txt.hbs', 'subject.hbs']);
      }
    }
  });

  it.each(cases)('%s in %s renders strictly: a one-line subject, an HTML and a text body', (type, locale) => {
    const email = renderer.render(type, locale, sampleData[type]);
    expect(email.subject.length).toBeGreaterThan(5);
    expect(email.subject).not.toMatch(/\n/);
    expect(email.html).toContain(`<html lang="${locale}">`);
    expect(email.text.trim().length).toBeGreaterThan(50);
    for (const part of [email.subject, email.html, email.text]) {
      expect(part).not.toMatch(/\{\{|\}\}|undefined|null|NaN|\[object/);
    }
    for (const value of mustShow[type]) {
      expect(email.text).toContain(value);
      expect(email.html).toContain(Handlebars.escapeExpression(value));
    }
  });

  it.each(cases)('%s in %s refuses to render when a field is missing (strict mode)', (type, locale) => {
    const [first] = Object.keys(sampleData[type]);
    const { [first]: _missing, ...incomplete } = sampleData[type];
    expect(() => renderer.render(type, locale, incomplete)).toThrow(/not defined/);
  });

  it('HTML escapes data; the subject and text show it as it is', () => {
    const email = renderer.render('activation-completed', 'en', { ...sampleData['activation-completed'], username: 'a&b<c>' });
    expect(email.html).toContain('a&amp;b&lt;c&gt;');
    expect(email.text).toContain('a&b<c>');
  });

  it.each([
    ['hu', 'A kód érvényes eddig: 2027. március 6. 9:05 (UTC)'],
    ['en', 'The code is valid until 6 March 2027 at 09:05 (UTC)'],
    ['uk', 'Код дійсний до 6 березня 2027 р. о 09:05 (UTC)'],
  ] as [Locale, string][])('writes dates in the language of the email, in UTC (%s)', (locale, sentence) => {
    expect(renderer.render('activation-code', locale, sampleData['activation-code']).text).toContain(sentence);
  });

  it.each([
    [1, 'en', 'Reminder: your Client Gate password expires in 1 day'],
    [7, 'en', 'Reminder: your Client Gate password expires in 7 days'],
    [0, 'en', 'Reminder: your Client Gate password expires today'],
    [1, 'uk', 'через 1 день'],
    [3, 'uk', 'через 3 дні'],
    [7, 'uk', 'через 7 днів'],
    [30, 'hu', 'Emlékeztető: 30 nap múlva lejár az Ügyfélkapu jelszava'],
  ] as [number, Locale, string][])('counts %p days in %s as the language does', (daysLeft, locale, phrase) => {
    expect(renderer.render('password-expiry', locale, { ...sampleData['password-expiry'], daysLeft }).subject).toContain(phrase);
  });

  it.each([
    ['passport', 'Reminder: your passport expires in 60 days'],
    ['id_card', 'Reminder: your identity card expires in 60 days'],
    ['driving_licence', 'Reminder: your driving licence expires in 60 days'],
  ])('names the watched document (%s)', (documentType, subject) => {
    const email = renderer.render('document-expiry', 'en', { documentType, expiresOn: '2027-09-01', daysLeft: 60 });
    expect(email.subject).toBe(subject);
    expect(email.text).toContain('Valid until: 1 September 2027');
  });

  it('tells the old and the new address apart (R18)', () => {
    const old = renderer.render('email-changed', 'en', { ...sampleData['email-changed'], toPreviousAddress: true });
    const current = renderer.render('email-changed', 'en', { ...sampleData['email-changed'], toPreviousAddress: false });
    expect(old.text).toContain('We will no longer write to this address');
    expect(current.text).toContain('From now on we will send Client Gate notifications here');
  });

  it('lists only what a modify changed', () => {
    const email = renderer.render('gateway-modified', 'en', {
      ...sampleData['gateway-modified'],
      identityChanged: false,
      usernameChanged: false,
      emailChanged: false,
      localeChanged: false,
      activationCodeReissued: false,
      username: null,
      remindersEnabled: true,
    });
    expect(email.text).toContain("- the reminders about your documents' expiry (now switched on)");
    expect(email.text.match(/^- /gm)).toHaveLength(1);
  });
});

describe('new-sign-in (R26)', () => {
  it.each(locales)('the "this was not me" link carries the token after the language (%s)', (locale) => {
    const email = new TemplateRenderer().render('new-sign-in', locale, sampleData['new-sign-in']);
    expect(email.text).toContain(`${LINK}&token=not-me-token_0123`);
    expect(email.html).toMatch(/href="https:\/\/ugyfelkapu\.example\/activate\?lang&#x3D;xx&amp;token=not-me-token_0123"/);
  });
});
