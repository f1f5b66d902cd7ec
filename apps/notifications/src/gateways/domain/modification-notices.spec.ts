import { modificationNotices } from './modification-notices';

const base = {
  gatewayId: '3f0c8f4e-6a43-4f2e-9a57-0d3b1f6f8a10',
  status: 'active' as const,
  email: 'new@example.org',
  locale: 'en' as const,
  identityChanged: false,
  reissueActivationCode: false,
  modifiedAt: '2027-03-01T09:05:00.000Z',
};

describe('modificationNotices (R18, SPEC §8)', () => {
  it('an email change is confirmed to the old and to the new address, and told once', () => {
    const notices = modificationNotices({ ...base, previousEmail: 'old@example.org' }, 'en');
    expect(notices).toEqual([
      { type: 'email-changed', to: 'old@example.org', templateData: { changedAt: base.modifiedAt, toPreviousAddress: true } },
      { type: 'email-changed', to: 'new@example.org', templateData: { changedAt: base.modifiedAt, toPreviousAddress: false } },
    ]);
  });

  it('other changes go in one gateway-modified email to the address on record, naming the email change too', () => {
    const notices = modificationNotices({ ...base, previousEmail: 'old@example.org', identityChanged: true, username: 'olena_2' }, 'en');
    expect(notices.map((notice) => [notice.type, notice.to])).toEqual([
      ['email-changed', 'old@example.org'],
      ['email-changed', 'new@example.org'],
      ['gateway-modified', 'new@example.org'],
    ]);
    expect(notices[2].templateData).toEqual({
      modifiedAt: base.modifiedAt,
      identityChanged: true,
      usernameChanged: true,
      emailChanged: true,
      localeChanged: false,
      remindersChanged: false,
      activationCodeReissued: false,
      username: 'olena_2',
      remindersEnabled: null,
    });
  });

  it('names new reminder settings, a reissued code and a new language', () => {
    const [notice] = modificationNotices({ ...base, reminders: { enabled: false, documents: [] }, reissueActivationCode: true }, 'hu');
    expect(notice).toMatchObject({
      type: 'gateway-modified',
      to: 'new@example.org',
      templateData: { remindersChanged: true, remindersEnabled: false, activationCodeReissued: true, localeChanged: true, emailChanged: false },
    });
  });

  it('a modify that changed nothing the client could notice sends nothing', () => {
    expect(modificationNotices(base, 'en')).toEqual([]);
  });
});
