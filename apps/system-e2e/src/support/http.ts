import { mintPortalToken, mintStaffToken, StaffIdentity } from '@client-gate/platform';
import { platformNow } from './clock';
import { e2eEnvironment } from './environment';

export interface ApiResponse<T = any> {
  status: number;
  body: T;
  headers: Headers;
}

export type ServiceName = 'intake' | 'registry' | 'activation' | 'notifications';

/** A JSON call to one service; `body` may be a raw string to send malformed JSON. */
export async function call<T = any>(
  service: ServiceName,
  method: string,
  path: string,
  options: { body?: unknown; token?: string; headers?: Record<string, string> } = {},
): Promise<ApiResponse<T>> {
  const headers: Record<string, string> = { 'content-type': 'application/json', ...options.headers };
  if (options.token) headers['authorization'] = `Bearer ${options.token}`;
  const response = await fetch(`${e2eEnvironment().urls[service]}${path}`, {
    method,
    headers,
    body: options.body === undefined ? undefined : typeof options.body === 'string' ? options.body : JSON.stringify(options.body),
  });
  const text = await response.text();
  let body: unknown = text;
  try {
    body = text ? JSON.parse(text) : undefined;
  } catch {
    // not JSON: keep the text
  }
  return { status: response.status, body: body as T, headers: response.headers };
}

/** A staff token minted at the platform's current (possibly simulated) time. */
export function staffToken(staff: StaffIdentity = { officer: 'officer-1', consulate: 'HU-KYIV' }, now = platformNow()): string {
  return mintStaffToken(e2eEnvironment().secrets.STAFF_TOKEN_SECRET, staff, now);
}

export function portalToken(now = platformNow()): string {
  return mintPortalToken(e2eEnvironment().secrets.STAFF_TOKEN_SECRET, now);
}
