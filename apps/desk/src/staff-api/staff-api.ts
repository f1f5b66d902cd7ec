import { Inject, Injectable } from '@nestjs/common';
import { ErrorItem } from '@client-gate/platform';
import { DESK_ENV, DeskEnv } from '../config';

/** A staff API answered with an error (SPEC §3 shape): 400/422 go back to the form, 401 ends the session, 403/404 are "not found". */
export class StaffApiError extends Error {
  constructor(
    readonly status: number,
    readonly errors: ErrorItem[],
  ) {
    super(`staff API answered ${status}`);
  }
}

/** A staff API did not answer (down, or a 5xx): the desk says so rather than guess. */
export class StaffApiUnavailable extends Error {}

const TIMEOUT_MS = 10_000;

/**
 * The desk's only way to business data: intake's and registry's staff APIs, called with the signed-in
 * officer's access token, so that the services scope every read and write to the officer's consulate.
 */
@Injectable()
export class StaffApi {
  private readonly bases: Record<'intake' | 'registry', string>;

  constructor(@Inject(DESK_ENV) env: DeskEnv) {
    this.bases = { intake: env.INTAKE_URL, registry: env.REGISTRY_URL };
  }

  async call<T>(accessToken: string, service: 'intake' | 'registry', method: 'GET' | 'POST', path: string, body?: unknown): Promise<T> {
    let response: Response;
    try {
      response = await fetch(`${this.bases[service]}${path}`, {
        method,
        headers: { authorization: `Bearer ${accessToken}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.timeout(TIMEOUT_MS),
      });
    } catch (error) {
      throw new StaffApiUnavailable(`${service} did not answer: ${(error as Error).message}`);
    }
    // The status first: a proxy's 502 or 504 comes as HTML, which is "unavailable", not a page that failed.
    if (response.status >= 500) {
      await response.body?.cancel();
      throw new StaffApiUnavailable(`${service} answered ${response.status}`);
    }
    const answer = await readJson(response);
    if (!response.ok) throw new StaffApiError(response.status, (answer as { errors?: ErrorItem[] } | undefined)?.errors ?? []);
    if (answer === undefined) throw new StaffApiUnavailable(`${service} answered ${response.status} without JSON`);
    return answer as T;
  }
}

/** The body as JSON; undefined when it is empty or not JSON (an error page of something in between). */
async function readJson(response: Response): Promise<unknown> {
  const text = await response.text();
  try {
    return text ? (JSON.parse(text) as unknown) : undefined;
  } catch {
    return undefined;
  }
}
