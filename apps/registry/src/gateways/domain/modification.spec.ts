import { ApplicationChanges, ReminderSettings } from '@client-gate/contracts';
import { Conflicts, modificationOf, modificationProblems, RecordedGateway } from './modification';

const reminders: ReminderSettings = { enabled: true, documents: [{ type: 'passport', number: 'BA1234567', expiresOn: '2032-05-01' }] };

const active: RecordedGateway = {
  status: 'active',
  person: { familyName: 'Kovács', givenNames: 'Éva', dateOfBirth: '1985-04-12', placeOfBirth: 'Szeged', mothersBirthName: 'Szabó Ilona' },
  email: 'eva@example.org',
  locale: 'hu',
  username: 'eva_kovacs',
  reminders,
};
const pending: RecordedGateway = { ...active, status: 'pending_activation', username: null };
const noConflicts: Conflicts = { identityTaken: false, usernameTaken: false };
const codes = (gateway: RecordedGateway, changes: ApplicationChanges, conflicts = noConflicts) =>
  modificationProblems(gateway, changes, conflicts).map((reason) => reason.code);

describe('modificationProblems (R18)', () => {
  it('R18: email, locale, reminders and a reissued code need nothing more', () => {
    expect(codes(pending, { email: 'new@example.org', locale: 'en', reminders, reissueActivationCode: true })).toEqual([]);
  });

  it('R1: a new identity that another live gateway has is refused', () => {
    const married = { ...active.person, familyName: 'Nagy' };
    expect(codes(active, { person: married })).toEqual([]);
    expect(codes(active, { person: married }, { ...noConflicts, identityTaken: true })).toEqual(['GATEWAY_ALREADY_EXISTS']);
  });

  it('R15: a valid, free username is accepted for an active gateway', () => {
    expect(codes(active, { username: 'Éva.Nagy_2' })).toEqual([]);
  });

  it.each(['abc', 'a'.repeat(65), 'eva nagy', 'eva-nagy', 'aaaa', 'abab'])('R15: %p is USERNAME_INVALID', (username) => {
    expect(codes(active, { username })).toEqual(['USERNAME_INVALID']);
  });

  it('R15: a username another live gateway has is USERNAME_TAKEN', () => {
    expect(codes(active, { username: 'taken_one' }, { ...noConflicts, usernameTaken: true })).toEqual(['USERNAME_TAKEN']);
  });

  it('R15: a username is changed only on an active gateway', () => {
    expect(codes(pending, { username: 'eva_nagy' })).toEqual(['GATEWAY_NOT_ACTIVE']);
  });

  it('R18: reports every reason at once', () => {
    const changes = { person: { ...active.person, familyName: 'Nagy' }, username: 'x' };
    expect(codes(pending, changes, { identityTaken: true, usernameTaken: false })).toEqual([
      'GATEWAY_ALREADY_EXISTS',
      'GATEWAY_NOT_ACTIVE',
      'USERNAME_INVALID',
    ]);
  });
});

describe('modificationOf (R18: only what differs from the record)', () => {
  it('keeps every field that differs', () => {
    const person = { ...active.person, familyName: 'Nagy' };
    const newReminders: ReminderSettings = { enabled: false, documents: [] };
    expect(
      modificationOf(active, { person, email: 'new@example.org', username: 'eva_nagy', locale: 'uk', reminders: newReminders }),
    ).toEqual({ person, email: 'new@example.org', username: 'eva_nagy', locale: 'uk', reminders: newReminders });
  });

  it('leaves out what is already on record', () => {
    expect(
      modificationOf(active, {
        person: { ...active.person },
        email: active.email,
        username: active.username!,
        locale: active.locale,
        reminders: { documents: [{ expiresOn: '2032-05-01', number: 'BA1234567', type: 'passport' }], enabled: true },
        reissueActivationCode: true,
      }),
    ).toEqual({});
  });

  it('a corrected spelling is an identity change even when R2 sees the same person', () => {
    const corrected = { ...active.person, familyName: 'KOVÁCS' };
    expect(modificationOf(active, { person: corrected })).toEqual({ person: corrected });
  });

  it('a username in another case is a change', () => {
    expect(modificationOf(active, { username: 'Eva_Kovacs' })).toEqual({ username: 'Eva_Kovacs' });
  });

  it('a watched document added is a reminders change', () => {
    const more: ReminderSettings = {
      enabled: true,
      documents: [...reminders.documents, { type: 'id_card', number: '123456AB', expiresOn: '2030-01-01' }],
    };
    expect(modificationOf(active, { reminders: more })).toEqual({ reminders: more });
  });
});
