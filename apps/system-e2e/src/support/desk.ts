import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { Page } from 'playwright-core';
import { SealedSecret } from '@client-gate/contracts';
import { SecretSealer } from '@client-gate/platform';
import { RunningService, spawnService, waitUntilReady } from '@client-gate/tools/system/services';
import { query } from './database';
import { e2eEnvironment } from './environment';
import { newPerson } from './fixtures';

export const DESK_PASSWORD = 'desk-demo-password';

/** Signs in at a desk through the development provider's own sign-in form (fields `login`, `password`). */
export async function signIn(page: Page, login: string, desk = e2eEnvironment().deskUrl): Promise<void> {
  await page.goto(desk);
  await page.click('a[href="/auth/sign-in"]');
  await page.waitForSelector('input[name="login"]');
  await page.fill('input[name="login"]', login);
  await page.fill('input[name="password"]', DESK_PASSWORD);
  await Promise.all([page.waitForURL(/\/appointments/), page.click('button[type="submit"]')]);
}

type Person = ReturnType<typeof newPerson>;

/** Fills the desk's application form for a Ukrainian citizen with a Ukrainian document, but for the field left out. */
export async function fillApplication(page: Page, who: Person, documentType: 'id_card' | 'passport', leaveOut?: keyof Person['person']): Promise<void> {
  for (const [field, value] of Object.entries(who.person)) {
    if (field !== leaveOut) await page.fill(`#person-${field}`, value);
  }
  await page.fill('#citizenship', 'UA');
  await page.selectOption('#document-type', documentType);
  await page.fill('#document-number', 'FX123456');
  await page.fill('#document-issuingCountry', 'UA');
  await page.fill('#document-issuedOn', '2020-01-01');
  await page.fill('#document-expiresOn', '2035-01-01');
  await page.fill('#email', who.email);
  await page.selectOption('#locale', 'uk');
}

/**
 * Another instance of the suite's desk, on its own port: same database, same provider, same public URL (the
 * provider's redirect comes back to the suite's desk). Cookies are per host, not per port, so a browser signed
 * in at one instance sends its session cookie to the other. `env` changes its settings.
 */
export async function startDeskInstance(port: number, name = `desk-${port}`, env: NodeJS.ProcessEnv = {}): Promise<RunningService> {
  const environment = e2eEnvironment();
  const desk = spawnService('desk', environment.runtime, { ...environment.deskEnv, ...env }, join(environment.logDir, name), port);
  await waitUntilReady(desk);
  return { ...desk, url: `http://localhost:${port}` };
}

export interface StoredSession {
  accessToken: string;
  refreshToken?: string;
  idToken: string;
  accessTokenExpiresAt: Date;
  tokensRenewedAt: Date;
}

/** The session row behind a desk cookie, its sealed tokens opened with the suite's DESK_SESSION_KEY (as the desk does). */
export async function storedSession(cookieValue: string): Promise<StoredSession | undefined> {
  const key = createHash('sha256').update(cookieValue).digest('base64url');
  const [row] = await query<{ tokens: SealedSecret; access_token_expires_at: Date; tokens_renewed_at: Date }>(
    'desk',
    'SELECT tokens, access_token_expires_at, tokens_renewed_at FROM desk_session WHERE id_hash = $1',
    [key],
  );
  if (!row) return undefined;
  const tokens = JSON.parse(sealer().open(row.tokens, key)) as Pick<StoredSession, 'accessToken' | 'refreshToken' | 'idToken'>;
  return { ...tokens, accessTokenExpiresAt: row.access_token_expires_at, tokensRenewedAt: row.tokens_renewed_at };
}

/** Replaces a session's refresh token (e.g. with one the provider never issued) and marks its access token expired. */
export async function spoilRefreshToken(cookieValue: string): Promise<void> {
  const key = createHash('sha256').update(cookieValue).digest('base64url');
  const stored = await storedSession(cookieValue);
  const tokens = { ...stored!, refreshToken: 'not-a-refresh-token-of-the-provider' };
  await query('desk', "UPDATE desk_session SET tokens = $2, access_token_expires_at = now() - interval '1 minute' WHERE id_hash = $1", [
    key,
    sealer().seal(JSON.stringify({ accessToken: tokens.accessToken, refreshToken: tokens.refreshToken, idToken: tokens.idToken }), key),
  ]);
}

function sealer(): SecretSealer {
  const key = createHash('sha256').update(Buffer.from(e2eEnvironment().secrets.DESK_SESSION_KEY, 'base64')).digest('base64');
  return new SecretSealer(`desk:${key}`);
}

/**
 * R25: signed in at another consulate, `other` finds the appointment neither in the day's list nor by its address,
 * nor its application or hand-over sheet (404), and no page shows the person's family name.
 */
export async function expectAnotherConsulateSeesNothing(
  other: Page,
  desk: string,
  seen: { appointmentId: string; applicationId: string; familyName: string; date: string | null },
): Promise<void> {
  await other.goto(`${desk}/appointments${seen.date ? `?date=${seen.date}` : ''}`);
  expect(await other.locator(`tr[data-appointment="${seen.appointmentId}"]`).count()).toBe(0);
  expect(await other.content()).not.toContain(seen.familyName);
  for (const path of [`/appointments/${seen.appointmentId}/application`, `/applications/${seen.applicationId}`, `/applications/${seen.applicationId}/hand-over`]) {
    const response = await other.goto(`${desk}${path}`);
    expect({ path, status: response?.status() }).toEqual({ path, status: 404 });
    expect(await other.content()).not.toContain(seen.familyName);
  }
}
