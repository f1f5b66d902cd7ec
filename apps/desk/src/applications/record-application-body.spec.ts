import { applicationBody } from './record-application-page.controller';

const typed = (overrides: Record<string, string> = {}): Record<string, string> => ({
  kind: 'register',
  'person.familyName': 'Kovács',
  'person.givenNames': 'Olena',
  'person.dateOfBirth': '1990-04-12',
  'person.placeOfBirth': 'Kyiv',
  'person.mothersBirthName': 'Szabó Anna',
  citizenship: 'ua',
  'document.type': 'passport',
  'document.number': 'FX123456',
  'document.issuingCountry': 'ua',
  'document.issuedOn': '2020-01-01',
  'document.expiresOn': '2030-01-01',
  email: 'olena@example.org',
  locale: 'uk',
  'reminders.enabled': 'on',
  'changes.person.familyName': '',
  'changes.person.givenNames': '',
  'changes.person.dateOfBirth': '',
  'changes.person.placeOfBirth': '',
  'changes.person.mothersBirthName': '',
  'changes.email': '',
  'changes.username': '',
  'changes.locale': '',
  'changes.reminders.enabled': '',
  'changes.reissueActivationCode': '',
  ...overrides,
});

describe('the application form as SPEC §3 JSON', () => {
  it('register: email, locale, reminders left to their default (the presented document); country codes in capitals', () => {
    const body = applicationBody('a1', typed());
    expect(body).toMatchObject({ appointmentId: 'a1', kind: 'register', citizenship: 'UA', email: 'olena@example.org', locale: 'uk' });
    expect(body['document']).toMatchObject({ issuingCountry: 'UA' });
    expect(body).not.toHaveProperty('reminders');
    expect(body).not.toHaveProperty('changes');
  });

  it('register with the reminder box unticked turns reminders off', () => {
    expect(applicationBody('a1', typed({ 'reminders.enabled': '' }))['reminders']).toEqual({ enabled: false, documents: [] });
  });

  it('modify: only what was typed changes; a new family name keeps the rest of the identity', () => {
    const body = applicationBody('a1', typed({ kind: 'modify', 'changes.person.familyName': 'Szabó', 'changes.reissueActivationCode': 'on' }));
    expect(body).not.toHaveProperty('email');
    expect(body['changes']).toEqual({
      person: { familyName: 'Szabó', givenNames: 'Olena', dateOfBirth: '1990-04-12', placeOfBirth: 'Kyiv', mothersBirthName: 'Szabó Anna' },
      email: undefined,
      username: undefined,
      locale: undefined,
      reminders: undefined,
      reissueActivationCode: true,
    });
  });

  it('modify: reminders switched on watch the document presented', () => {
    const body = applicationBody('a1', typed({ kind: 'modify', 'changes.reminders.enabled': 'on' }));
    expect((body['changes'] as { reminders: unknown }).reminders).toEqual({
      enabled: true,
      documents: [{ type: 'passport', number: 'FX123456', expiresOn: '2030-01-01' }],
    });
  });

  it('delete: the person and document only', () => {
    expect(Object.keys(applicationBody('a1', typed({ kind: 'delete' }))).sort()).toEqual(['appointmentId', 'citizenship', 'document', 'kind', 'person']);
  });
});
