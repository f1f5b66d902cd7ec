import { TOTP } from 'otpauth';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { Progress } from './progress';
import { Registration } from './registrations';
import { round } from './stats';

const STEP_MS = 30_000;
const TIMEOUT_MS = 60_000;
const USER_AGENT = 'client-gate-bench';

/** An active account with an authenticator app (R22), and the browser token its enrolment's sign-in handed out. */
export interface TotpAccount {
  username: string;
  password: string;
  secret: string;
  /** The last TOTP step used: each step is accepted once per account (R22). */
  step: number;
  browserToken: string | null;
}

export interface LoginOutcome {
  signedIn: number;
  failed: number;
  firstError?: string;
  perSecond: number;
  latenciesMs: number[];
  /** How long the clients together waited for a TOTP step to come free (0 when the accounts sufficed). */
  waitedMs: number;
}

/** The current 30-second TOTP step; the bench runs on the real clock, as the services it starts do. */
const currentStep = () => Math.floor(Date.now() / STEP_MS);
const totpAt = (secret: string, step: number) =>
  new TOTP({ secret, algorithm: 'SHA1', digits: 6, period: 30 }).generate({ timestamp: step * STEP_MS });

/**
 * Each activated person signs in with the password, is asked to enrol a second factor (R22) and enrols an
 * authenticator app, with the step before the current one while that stays in reach for a while, so that the
 * current and the next are free for sign-ins. A person whose enrolment fails is left out (and reported).
 */
export async function enrolTotp(activationUrl: string, people: Registration[], concurrency: number): Promise<{ accounts: TotpAccount[]; failed: number; firstError?: string }> {
  const accounts: TotpAccount[] = [];
  let failed = 0;
  let firstError: string | undefined;
  const queue = people.filter((person) => person.username && person.password);
  const progress = new Progress('enrol TOTP', queue.length, () => ({ done: accounts.length + failed }));
  const enrol = async (username: string, password: string): Promise<TotpAccount> => {
    const login = await post(activationUrl, '/login', { username, password });
    if (login.body['status'] !== 'enrolment_required') throw new Error(`POST /login answered ${JSON.stringify(login.body)}`);
    const authorization = `Bearer ${String(login.body['enrolmentToken'])}`;
    const started = await post(activationUrl, '/account/second-factor/totp', {}, { authorization });
    const secret = String(started.body['secret']);
    // Late in a step, the step before may fall out of reach before the confirmation arrives: the current one then.
    const step = Date.now() % STEP_MS < STEP_MS / 2 ? currentStep() - 1 : currentStep();
    const confirmed = await post(activationUrl, '/account/second-factor/totp/confirm', { code: totpAt(secret, step) }, { authorization });
    return { username, password, secret, step, browserToken: confirmed.headers.get('x-browser-token') };
  };
  const client = async () => {
    for (let person = queue.shift(); person; person = queue.shift()) {
      try {
        accounts.push(await enrol(person.username!, person.password!));
      } catch (error) {
        failed++;
        firstError ??= (error as Error).message;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, queue.length) }, client));
  progress.finish();
  return { accounts, failed, firstError };
}

/**
 * `count` sign-ins, `concurrency` at a time, as a person does them from a browser they used before: POST /login
 * with the password, then POST /login/second-factor with the authenticator's code. Each account takes the current
 * step or the next one, whichever it has not used yet; when every account has used both, the clients wait for the
 * next step.
 */
export async function driveLogins(activationUrl: string, accounts: TotpAccount[], count: number, concurrency: number): Promise<LoginOutcome> {
  if (accounts.length === 0) throw new Error('no account with an authenticator app to sign in with');
  const latenciesMs: number[] = [];
  let started = 0;
  let failed = 0;
  let firstError: string | undefined;
  let turn = 0;
  let waitedMs = 0;
  const progress = new Progress('sign in   ', count, () => ({ done: latenciesMs.length + failed }));
  /** The next account with a free step, and that step; undefined when every account has used every step in reach. */
  const nextFree = (): { account: TotpAccount; step: number } | undefined => {
    const now = currentStep();
    for (let tried = 0; tried < accounts.length; tried++) {
      const account = accounts[turn++ % accounts.length];
      // Not the step before now: a slow sign-in could see it fall out of reach before its second request.
      const step = Math.max(account.step + 1, now);
      if (step <= now + 1) {
        account.step = step;
        return { account, step };
      }
    }
    return undefined;
  };
  const client = async () => {
    while (started < count) {
      const free = nextFree();
      if (!free) {
        const wait = STEP_MS - (Date.now() % STEP_MS) + 10;
        waitedMs += wait;
        await sleep(wait);
        continue;
      }
      started++;
      const { account, step } = free;
      const headers: Record<string, string> = account.browserToken ? { 'x-browser-token': account.browserToken } : {};
      const start = performance.now();
      try {
        const first = await post(activationUrl, '/login', { username: account.username, password: account.password }, headers);
        if (first.body['status'] !== 'second_factor_required') throw new Error(`POST /login answered ${JSON.stringify(first.body)}`);
        const second = await post(activationUrl, '/login/second-factor', { challenge: first.body['challenge'], code: totpAt(account.secret, step) }, headers);
        if (second.body['status'] !== 'signed_in') throw new Error(`POST /login/second-factor answered ${JSON.stringify(second.body)}`);
        latenciesMs.push(performance.now() - start);
      } catch (error) {
        failed++;
        firstError ??= (error as Error).message;
      }
    }
  };
  const start = performance.now();
  await Promise.all(Array.from({ length: concurrency }, client));
  const seconds = (performance.now() - start) / 1000;
  progress.finish();
  return { signedIn: latenciesMs.length, failed, firstError, perSecond: round(latenciesMs.length / seconds), latenciesMs, waitedMs };
}

async function post(base: string, path: string, body: unknown, headers: Record<string, string> = {}): Promise<{ body: Record<string, unknown>; headers: Headers }> {
  const response = await fetch(`${base}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'user-agent': USER_AGENT, ...headers },
    body: JSON.stringify(body),
    signal: AbortSignal.timeout(TIMEOUT_MS),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`POST ${path} answered ${response.status}: ${text.slice(0, 300)}`);
  return { body: JSON.parse(text) as Record<string, unknown>, headers: response.headers };
}
