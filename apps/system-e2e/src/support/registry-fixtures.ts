import { StaffIdentity } from '@client-gate/platform';
import { platformNow } from './clock';
import { query } from './database';
import { decided, newPerson, registerBody } from './fixtures';
import { call, staffToken } from './http';
import { codeIn, emailTo } from './mail';

export type Who = ReturnType<typeof newPerson>;
export type Kind = 'register' | 'delete' | 'modify';

export const KYIV: StaffIdentity = { officer: 'officer-1', consulate: 'HU-KYIV' };
export const LVIV: StaffIdentity = { officer: 'officer-7', consulate: 'HU-LVIV' };

/** An appointment at the platform's current (possibly simulated) time. */
async function bookAppointmentNow(token: string): Promise<string> {
  const response = await call('intake', 'POST', '/appointments', {
    token,
    body: { channel: 'phone', contact: '+380 44 000 0000', applicantName: 'Applicant', startsAt: platformNow().toISOString() },
  });
  if (response.status !== 201) throw new Error(`booking failed: ${response.status} ${JSON.stringify(response.body)}`);
  return response.body.id;
}

/** Submits an application of any kind for `who` at a fresh appointment, and waits for registry's verdict. */
export async function applyFor(kind: Kind, who: Who, extra: Record<string, unknown> = {}, staff = KYIV) {
  const token = staffToken(staff);
  const body = { ...registerBody(await bookAppointmentNow(token), who, extra), kind };
  if (kind !== 'register') delete (body as { email?: string }).email;
  const response = await call('intake', 'POST', '/applications', { token, body });
  if (response.status !== 202) throw new Error(`${kind} not accepted: ${response.status} ${JSON.stringify(response.body)}`);
  return decided(response.body.id, staffToken(staff));
}

export function reasonCodes(application: { reasons?: { code: string }[] }): string[] {
  return (application.reasons ?? []).map((reason) => reason.code);
}

/** Registers `who` and returns the new gateway's id. */
export async function registered(who: Who, staff = KYIV): Promise<string> {
  const application = await applyFor('register', who, {}, staff);
  if (application.status !== 'completed') throw new Error(`registration rejected: ${JSON.stringify(application.reasons)}`);
  return application.gatewayId;
}

/** Activates `who`'s gateway with the code from the activation email (R10); returns the username chosen. */
export async function activated(who: Who, username: string): Promise<string> {
  const code = codeIn(await emailTo(who.email, 'activation-code'));
  const response = await call('activation', 'POST', '/activation', {
    body: { code, username, password: 'a long and unusual passphrase 7' },
  });
  if (response.status !== 200) throw new Error(`activation failed: ${response.status} ${JSON.stringify(response.body)}`);
  return username;
}

export interface GatewayRow {
  id: string;
  status: string;
  consulate: string;
  identity_key: string | null;
  person: Record<string, string> | null;
  email: string | null;
  locale: string;
  reminders: { enabled: boolean; documents: unknown[] } | null;
  username: string | null;
  username_key: string | null;
  registered_at: Date;
  activated_at: Date | null;
  ended_at: Date | null;
  end_reason: string | null;
}

/** Registry's own row for the gateway. */
export async function gatewayRow(gatewayId: string): Promise<GatewayRow> {
  const [row] = await query<GatewayRow>('registry', 'SELECT * FROM gateway WHERE id = $1', [gatewayId]);
  return row;
}

/** What a deleted or purged gateway keeps: no personal data (R12, R17). */
export const ERASED = { identity_key: null, person: null, email: null, reminders: null, username: null, username_key: null };
