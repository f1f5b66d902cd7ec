import { randomUUID } from 'node:crypto';
import { platformNow } from './clock';
import { query, tablesHolding } from './database';
import { decided, hungarianPassport, newPerson } from './fixtures';
import { call, staffToken } from './http';
import { codeIn, emailsTo } from './mail';
import { waitFor } from './wait-for';

export type Person = ReturnType<typeof newPerson>;

const DAY_MS = 24 * 60 * 60 * 1000;

/** The calendar day (UTC) of an instant, `YYYY-MM-DD`. */
export function dayOf(instant: Date | string): string {
  return new Date(instant).toISOString().slice(0, 10);
}

export function shiftDay(day: string, days: number): string {
  return dayOf(new Date(Date.parse(`${day}T00:00:00Z`) + days * DAY_MS));
}

/** The day `days` after the platform's today. */
export function daysAhead(days: number): string {
  return shiftDay(dayOf(platformNow()), days);
}

/** Noon (UTC) of a day: safely inside it, whatever the time zone of the machine. */
export function noonOf(day: string): string {
  return `${day}T12:00:00.000Z`;
}

export function documentNumber(prefix: string): string {
  return `${prefix}${randomUUID().replace(/-/g, '').slice(0, 8).toUpperCase()}`;
}

/** An in-person application at an appointment booked at the platform's (possibly simulated) time; waits for registry's verdict. */
export async function applyInPerson(body: Record<string, unknown>) {
  const token = staffToken();
  const appointment = await call('intake', 'POST', '/appointments', {
    token,
    body: { channel: 'email', contact: 'applicant@example.org', applicantName: 'Applicant', startsAt: platformNow().toISOString() },
  });
  if (appointment.status !== 201) throw new Error(`booking failed: ${appointment.status} ${JSON.stringify(appointment.body)}`);
  const response = await call('intake', 'POST', '/applications', {
    token,
    body: { appointmentId: appointment.body.id, citizenship: 'HU', document: hungarianPassport, ...body },
  });
  if (response.status !== 202) throw new Error(`${body['kind']} not accepted: ${response.status} ${JSON.stringify(response.body)}`);
  return decided(response.body.id, token);
}

/** Registers `who` (R9) in English unless `extra` says otherwise; returns the gateway id. */
export async function register(who: Person, extra: Record<string, unknown> = {}): Promise<string> {
  const application = await applyInPerson({
    kind: 'register',
    person: who.person,
    document: { ...hungarianPassport, number: documentNumber('BA') },
    email: who.email,
    locale: 'en',
    ...extra,
  });
  if (application.status !== 'completed') throw new Error(`registration rejected: ${JSON.stringify(application.reasons)}`);
  return application.gatewayId;
}

export interface Activated {
  username: string;
  password: string;
  passwordExpiresAt: string;
}

/** Activates `who`'s gateway with the code of their first activation email (R10). */
export async function activate(who: Person, passwordValidityDays?: number): Promise<Activated> {
  const [email] = await emailsTo(who.email, 'activation-code', 1);
  const username = `client_${randomUUID().slice(0, 8)}`;
  const password = 'a long and unusual passphrase 7';
  const response = await call('activation', 'POST', '/activation', {
    body: { code: codeIn(email), username, password, passwordValidityDays },
  });
  if (response.status !== 200) throw new Error(`activation failed: ${response.status} ${JSON.stringify(response.body)}`);
  return { username, password, passwordExpiresAt: response.body.passwordExpiresAt };
}

export interface DeliveryRow {
  notification_id: string;
  type: string;
  recipient: string | null;
  status: string;
}

/** The emails notifications stored for a gateway (one row per email, sent or not). */
export function deliveries(gatewayId: string, type: string): Promise<DeliveryRow[]> {
  return query<DeliveryRow>(
    'notifications',
    'SELECT notification_id, type, recipient, status FROM delivery WHERE gateway_id = $1 AND type = $2 ORDER BY created_at',
    [gatewayId, type],
  );
}

export interface ReminderRow {
  kind: string;
  document_type: string | null;
  threshold_days: number;
  due_on: string;
  expires_on: string;
  status: string;
}

export function reminders(gatewayId: string, kind: string): Promise<ReminderRow[]> {
  return query<ReminderRow>(
    'notifications',
    `SELECT kind, document_type, threshold_days, due_on::text, expires_on::text, status FROM reminder
      WHERE gateway_id = $1 AND kind = $2 ORDER BY due_on`,
    [gatewayId, kind],
  );
}

/** Waits until notifications has taken the gateway in (its recipient record), and returns that gateway's reminders of a kind. */
export async function remindersOnceKnown(gatewayId: string, kind: string, holds: (rows: ReminderRow[]) => boolean = () => true) {
  return waitFor(`notifications' ${kind} reminders of ${gatewayId}`, async () => {
    const [known] = await query('notifications', 'SELECT 1 FROM recipient WHERE gateway_id = $1', [gatewayId]);
    const rows = await reminders(gatewayId, kind);
    return known && holds(rows) ? rows : undefined;
  });
}

/** The notifications tables (with row counts) that still hold `text` anywhere in a row, case-insensitively. */
export function notificationsTablesHolding(text: string): Promise<Record<string, number>> {
  return tablesHolding('notifications', text);
}
