import { TOTP } from 'otpauth';
import { platformNow } from './clock';
import { query, tablesHolding } from './database';
import { bookAppointment, decided, hungarianPassport, newPerson, registerBody } from './fixtures';
import { ApiResponse, call, staffToken } from './http';
import { codeIn, emailsTo } from './mail';
import { waitFor } from './wait-for';

export type Person = ReturnType<typeof newPerson>;
export type CodeEmailType = 'activation-code' | 'password-reset-code';

/**
 * Registers a person at a consulate (R9) and returns their gateway and first activation code: the
 * `codeEmailNumber`-th activation-code email to their address (addresses may be shared).
 */
export async function registerPending(
  who: Person = newPerson(),
  codeEmailNumber = 1,
): Promise<{ who: Person; gatewayId: string; code: string }> {
  const token = staffToken();
  const appointmentId = await bookAppointment(token);
  const submitted = await call('intake', 'POST', '/applications', { token, body: registerBody(appointmentId, who) });
  if (submitted.status !== 202) throw new Error(`register failed: ${submitted.status} ${JSON.stringify(submitted.body)}`);
  const application = await decided(submitted.body.id, token);
  if (application.status !== 'completed') throw new Error(`register rejected: ${JSON.stringify(application.reasons)}`);
  return { who, gatewayId: application.gatewayId, code: await codeEmailed(who.email, 'activation-code', codeEmailNumber) };
}

export interface ActiveClient {
  who: Person;
  gatewayId: string;
  username: string;
  password: string;
  passwordExpiresAt: string;
}

let sequence = 0;

/** A username no other test uses (R15). */
export function uniqueUsername(prefix = 'client'): string {
  return `${prefix}_${Date.now().toString(36)}${(sequence++).toString(36)}`;
}

/** Registers and activates a person (R10) with a unique username. */
export async function registerActive(
  options: { who?: Person; codeEmailNumber?: number; passwordValidityDays?: number } = {},
): Promise<ActiveClient> {
  const { who, gatewayId, code } = await registerPending(options.who, options.codeEmailNumber);
  const username = uniqueUsername();
  const password = 'correct horse battery staple 42';
  const response = await call('activation', 'POST', '/activation', {
    body: { code, username, password, passwordValidityDays: options.passwordValidityDays },
  });
  if (response.status !== 200) throw new Error(`activation failed: ${response.status} ${JSON.stringify(response.body)}`);
  // The registry learns of the activation from activation's event: until then an in-person change that needs an
  // active account (a new username, R15) is refused as GATEWAY_NOT_ACTIVE, as it would be for an officer that quick.
  const token = staffToken();
  await waitFor('the registry to see the gateway active', async () => {
    const gateway = await call('registry', 'GET', `/gateways/${gatewayId}`, { token });
    return gateway.body?.status === 'active' ? gateway : undefined;
  });
  return { who, gatewayId, username, password, passwordExpiresAt: response.body.passwordExpiresAt };
}

/** The code in the `count`-th email of that type to that address (1-based), waiting for it to arrive. */
export async function codeEmailed(address: string, type: CodeEmailType, count: number): Promise<string> {
  const emails = await emailsTo(address, type, count);
  return codeIn(emails[count - 1]);
}

export function forgottenPassword(email: unknown) {
  return call('activation', 'POST', '/forgotten-password', { body: { email } });
}

export function login(username: string, password: string) {
  return call('activation', 'POST', '/login', { body: { username, password } });
}

/** How many codes activation has issued for the gateway (its one_time_code rows). */
export async function codesIssued(gatewayId: string): Promise<number> {
  const [row] = await query<{ count: string }>('activation', 'SELECT count(*) FROM one_time_code WHERE gateway_id = $1', [gatewayId]);
  return Number(row.count);
}

/** An in-person application (R3) for someone already registered: `delete`, or `modify` with its changes. */
export async function applyInPerson(who: Person, kind: 'delete' | 'modify', changes?: Record<string, unknown>) {
  const token = staffToken();
  const appointmentId = await bookAppointment(token);
  const body = {
    appointmentId,
    kind,
    person: who.person,
    citizenship: 'HU',
    document: hungarianPassport,
    locale: 'en',
    changes,
  };
  const submitted = await call('intake', 'POST', '/applications', { token, body });
  if (submitted.status !== 202) throw new Error(`${kind} failed: ${submitted.status} ${JSON.stringify(submitted.body)}`);
  return decided(submitted.body.id, token);
}

/** Waits until activation has taken a registry event into account, as seen in its account row. */
export function accountOnceIt<T extends Record<string, unknown>>(gatewayId: string, what: string, holds: (account: T) => boolean) {
  return waitFor(`activation's account ${gatewayId} ${what}`, async () => {
    const [account] = await query<T>('activation', 'SELECT * FROM account WHERE gateway_id = $1', [gatewayId]);
    return account && holds(account) ? account : undefined;
  });
}

/** The activation tables (with row counts) that still hold `text` anywhere in a row, case-insensitively. */
export function activationTablesHolding(text: string): Promise<Record<string, number>> {
  return tablesHolding('activation', text);
}

/** The platform's current 30-second TOTP step (R22). */
export function currentStep(): number {
  return Math.floor(platformNow().getTime() / 30_000);
}

/** The code of one TOTP step, as an authenticator app shows it (RFC 6238, SHA-1, 6 digits, 30 s). */
export function totpCodeAt(secret: string, step: number): string {
  return new TOTP({ secret, algorithm: 'SHA1', digits: 6, period: 30 }).generate({ timestamp: step * 30_000 });
}

/** A TOTP code the service takes (within one step of now) of a step after `usedStep` (each step is accepted once). */
export function nextTotp(secret: string, usedStep: number): { code: string; step: number } {
  const step = Math.max(usedStep + 1, currentStep() - 1);
  if (step > currentStep() + 1) throw new Error('every step within reach is used: move the clock first');
  return { code: totpCodeAt(secret, step), step };
}

export interface TotpFactor {
  secret: string;
  removalCode: string;
  /** The last step used (enrolment, logins). */
  step: number;
}

/** Enrols an authenticator app with a session or enrolment token (R22); the confirmation's answer is returned too. */
export async function enrolTotp(token: string): Promise<TotpFactor & { confirmed: ApiResponse }> {
  const started = await call('activation', 'POST', '/account/second-factor/totp', { token });
  if (started.status !== 201) throw new Error(`TOTP enrolment failed: ${started.status} ${JSON.stringify(started.body)}`);
  const { code, step } = nextTotp(started.body.secret, currentStep() - 2);
  const confirmed = await call('activation', 'POST', '/account/second-factor/totp/confirm', { token, body: { code } });
  if (confirmed.status !== 200) throw new Error(`TOTP confirmation failed: ${confirmed.status} ${JSON.stringify(confirmed.body)}`);
  return { secret: started.body.secret, removalCode: confirmed.body.removalCode, step, confirmed };
}

export interface SignedInClient extends ActiveClient {
  sessionToken: string;
  factor: TotpFactor;
  /** The browser token the enrolment's sign-in handed out (R26: a JSON client's `X-Browser-Token`). */
  browserToken: string | null;
}

/** An active client who logged in with the password, enrolled an authenticator app as required (R22) and holds a session. */
export async function registerSignedIn(options: Parameters<typeof registerActive>[0] = {}): Promise<SignedInClient> {
  const client = await registerActive(options);
  const answer = await login(client.username, client.password);
  if (answer.body?.status !== 'enrolment_required') throw new Error(`expected enrolment_required: ${JSON.stringify(answer.body)}`);
  const factor = await enrolTotp(answer.body.enrolmentToken);
  return { ...client, sessionToken: factor.confirmed.body.sessionToken, factor, browserToken: factor.confirmed.headers.get('x-browser-token') };
}

/** Logs in with the password and the next TOTP code (R22); the factor's used step moves on. */
export async function loginWithTotp(client: { username: string; password: string; factor: TotpFactor }): Promise<ApiResponse> {
  const first = await login(client.username, client.password);
  if (first.body?.status !== 'second_factor_required') return first;
  const { code, step } = nextTotp(client.factor.secret, client.factor.step);
  const second = await call('activation', 'POST', '/login/second-factor', { body: { challenge: first.body.challenge, code } });
  if (second.status === 200) client.factor.step = step;
  return second;
}
