import { ApplicationChanges, Locale, Person, Reason, ReminderSettings, usernameProblem } from '@client-gate/contracts';

/** The gateway as on record before a `modify`. */
export interface RecordedGateway {
  status: 'pending_activation' | 'active';
  person: Person;
  email: string;
  locale: Locale;
  username: string | null;
  reminders: ReminderSettings;
}

/** What only the database can tell: whether another live gateway already has what is asked for. */
export interface Conflicts {
  identityTaken: boolean;
  usernameTaken: boolean;
}

/** What a `modify` actually changes: anything equal to what is on record is left out. */
export interface Modification {
  person?: Person;
  email?: string;
  username?: string;
  locale?: Locale;
  reminders?: ReminderSettings;
}

/** R18: every reason the changes cannot be made (R1 for a new identity, R15 for a username); empty when they can. */
export function modificationProblems(gateway: RecordedGateway, changes: ApplicationChanges, conflicts: Conflicts): Reason[] {
  const reasons: Reason[] = [];
  if (changes.person && conflicts.identityTaken) {
    reasons.push({
      code: 'GATEWAY_ALREADY_EXISTS',
      message: 'Another Client Gate account already belongs to the person with the new identity data (R1).',
    });
  }
  if (changes.username !== undefined) {
    if (gateway.status !== 'active') {
      reasons.push({
        code: 'GATEWAY_NOT_ACTIVE',
        message: 'A username can be changed only once the account is activated; the client chooses the first one (R10, R15).',
      });
    }
    const problem = usernameProblem(changes.username);
    if (problem) {
      reasons.push({ code: 'USERNAME_INVALID', message: problem });
    } else if (conflicts.usernameTaken) {
      reasons.push({ code: 'USERNAME_TAKEN', message: 'This username is taken (R15).' });
    }
  }
  return reasons;
}

export function modificationOf(gateway: RecordedGateway, changes: ApplicationChanges): Modification {
  const modification: Modification = {};
  if (changes.person && !samePerson(changes.person, gateway.person)) modification.person = changes.person;
  if (changes.email !== undefined && changes.email !== gateway.email) modification.email = changes.email;
  if (changes.username !== undefined && changes.username !== gateway.username) modification.username = changes.username;
  if (changes.locale !== undefined && changes.locale !== gateway.locale) modification.locale = changes.locale;
  if (changes.reminders && !sameReminders(changes.reminders, gateway.reminders)) modification.reminders = changes.reminders;
  return modification;
}

/** Exactly the same identity data (a corrected spelling is a change even when R2 sees the same person). */
function samePerson(a: Person, b: Person): boolean {
  return (
    a.familyName === b.familyName &&
    a.givenNames === b.givenNames &&
    a.dateOfBirth === b.dateOfBirth &&
    a.placeOfBirth === b.placeOfBirth &&
    a.mothersBirthName === b.mothersBirthName
  );
}

/** Compared field by field: the stored JSON does not keep key order. */
function sameReminders(a: ReminderSettings, b: ReminderSettings): boolean {
  const canonical = (settings: ReminderSettings) =>
    JSON.stringify([settings.enabled, settings.documents.map((document) => [document.type, document.number, document.expiresOn])]);
  return canonical(a) === canonical(b);
}
