import type { Request } from 'express';

/**
 * One cookie of the request, undefined when absent. A value that is not valid percent-encoding (`%`, `%zz`) was not
 * set by us: it counts as absent rather than failing the request.
 */
export function cookie(request: Request, name: string): string | undefined {
  for (const pair of (request.headers.cookie ?? '').split(';')) {
    const [key, ...value] = pair.trim().split('=');
    if (key !== name) continue;
    try {
      return decodeURIComponent(value.join('='));
    } catch {
      return undefined;
    }
  }
  return undefined;
}
