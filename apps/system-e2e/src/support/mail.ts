import { Email, MailSink } from '@client-gate/tools/infra/maildev';
import { e2eEnvironment } from './environment';
import { waitFor } from './wait-for';

export type { Email };

export function mailSink(): MailSink {
  return new MailSink(e2eEnvironment().mailApiUrl);
}

/** The header as MailDev reports it (header names are lower-cased there). */
export function header(email: Email, name: string): string | undefined {
  const value = email.headers[name.toLowerCase()] ?? email.headers[name];
  return value === undefined ? undefined : String(value);
}

export function emailTo(address: string, type: string) {
  return mailSink().waitFor(
    (email) => email.to.some((to) => to.address === address) && header(email, 'X-Notification-Type') === type,
    { timeoutMs: 30_000 },
  );
}

/** SPEC §4: 16 Crockford base-32 characters in four groups. */
export const CODE_PATTERN = /\b[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}\b/;

export function codeIn(email: Email): string {
  const match = CODE_PATTERN.exec(email.text ?? '');
  if (!match) throw new Error(`no code in email "${email.subject}"`);
  return match[0];
}

/** Emails of one type to one address, oldest first, once at least `count` have arrived. */
export function emailsTo(address: string, type: string, count: number): Promise<Email[]> {
  const sink = mailSink();
  return waitFor(
    `${count} "${type}" email(s) to ${address}`,
    async () => {
      const emails = (await sink.list())
        .filter((email) => email.to.some((to) => to.address === address) && header(email, 'X-Notification-Type') === type)
        .sort((a, b) => Date.parse(a.time) - Date.parse(b.time));
      return emails.length >= count ? emails : undefined;
    },
    30_000,
  );
}
