import type { EventData, GatewayModified, Locale } from '@client-gate/contracts';

export interface ModificationNotice {
  type: 'email-changed' | 'gateway-modified';
  to: string;
  templateData: Record<string, unknown>;
}

/**
 * R18, SPEC §8: what a `modify` tells the client. An email change is confirmed to the old and the new
 * address; any other change is listed in one `gateway-modified` email to the address on record (which
 * also names the email change, so an email-only change is not told twice to the new address).
 */
export function modificationNotices(modification: EventData<typeof GatewayModified>, previousLocale?: Locale): ModificationNotice[] {
  const { email, previousEmail, modifiedAt } = modification;
  const notices: ModificationNotice[] = [];
  if (previousEmail && previousEmail !== email) {
    notices.push(
      { type: 'email-changed', to: previousEmail, templateData: { changedAt: modifiedAt, toPreviousAddress: true } },
      { type: 'email-changed', to: email, templateData: { changedAt: modifiedAt, toPreviousAddress: false } },
    );
  }
  const changes = {
    identityChanged: modification.identityChanged,
    usernameChanged: modification.username !== undefined,
    localeChanged: previousLocale !== undefined && previousLocale !== modification.locale,
    remindersChanged: modification.reminders !== undefined,
    activationCodeReissued: modification.reissueActivationCode,
  };
  if (Object.values(changes).some(Boolean)) {
    notices.push({
      type: 'gateway-modified',
      to: email,
      templateData: {
        modifiedAt,
        ...changes,
        emailChanged: notices.length > 0,
        username: modification.username ?? null,
        remindersEnabled: modification.reminders?.enabled ?? null,
      },
    });
  }
  return notices;
}
