import { e2eEnvironment } from './environment';

export interface PageAnswer {
  status: number;
  headers: Headers;
  html: string;
}

/** A browser's session with the pages over plain HTTP: it keeps the CSRF cookie and the last form's token. */
export class FormSession {
  cookie: string | undefined;
  token: string | undefined;

  /** GET a page (default language unless `?lang=` or Accept-Language say otherwise), remembering its cookie and token. */
  async open(path: string, headers: Record<string, string> = {}): Promise<PageAnswer> {
    return this.remember(await pageRequest('GET', path, { headers: { ...this.cookieHeader(), ...headers } }));
  }

  /** POSTs the form as a browser does, with this session's cookie and token; `csrf` replaces the token (null: none). */
  async submit(path: string, fields: Record<string, string>, csrf: string | null = this.token ?? null): Promise<PageAnswer> {
    const body = new URLSearchParams(csrf === null ? fields : { csrf, ...fields });
    return this.remember(
      await pageRequest('POST', path, {
        headers: { 'content-type': 'application/x-www-form-urlencoded', ...this.cookieHeader() },
        body: body.toString(),
      }),
    );
  }

  private cookieHeader(): Record<string, string> {
    return this.cookie ? { cookie: this.cookie } : {};
  }

  private remember(answer: PageAnswer): PageAnswer {
    const csrfCookie = answer.headers.getSetCookie().find((cookie) => cookie.startsWith('csrf='));
    if (csrfCookie) this.cookie = csrfCookie.split(';')[0];
    this.token = /<input type="hidden" name="csrf" value="([^"]*)">/.exec(answer.html)?.[1] ?? this.token;
    return answer;
  }
}

export async function pageRequest(
  method: string,
  path: string,
  init: { headers?: Record<string, string>; body?: string } = {},
): Promise<PageAnswer> {
  const response = await fetch(`${e2eEnvironment().urls.activation}${path}`, { method, redirect: 'manual', ...init });
  return { status: response.status, headers: response.headers, html: await response.text() };
}

/** The text of an element found by id (tags stripped, entities of our escaping decoded, whitespace collapsed). */
export function textOf(html: string, id: string): string | undefined {
  const match = new RegExp(`<([a-z0-9]+) [^>]*id="${id}"[^>]*>([\\s\\S]*?)</\\1>`).exec(html);
  return match ? plainText(match[2]) : undefined;
}

/** The opening tag of the element with that id, `=` decoded (Handlebars writes it `&#x3D;` in attributes). */
export function tagOf(html: string, id: string): string | undefined {
  return new RegExp(`<[a-z]+ [^>]*id="${id}"[^>]*>`).exec(html)?.[0].replaceAll('&#x3D;', '=');
}

/** The links of the error summary: `{href, text}` each. */
export function errorSummary(html: string): { href: string | null; text: string }[] {
  const summary = /<div class="error-summary"[\s\S]*?<\/div>/.exec(html)?.[0] ?? '';
  return [...summary.matchAll(/<li>([\s\S]*?)<\/li>/g)].map(([, item]) => ({
    href: /href="([^"]*)"/.exec(item)?.[1] ?? null,
    text: plainText(item),
  }));
}

export function langOf(html: string): string | undefined {
  return /<html lang="([^"]*)">/.exec(html)?.[1];
}

export function plainText(html: string): string {
  return html
    .replace(/<[^>]+>/g, '')
    .replaceAll('&quot;', '"')
    .replaceAll('&#x27;', "'")
    .replaceAll('&#x3D;', '=')
    .replaceAll('&lt;', '<')
    .replaceAll('&gt;', '>')
    .replaceAll('&amp;', '&')
    .replace(/\s+/g, ' ')
    .trim();
}
