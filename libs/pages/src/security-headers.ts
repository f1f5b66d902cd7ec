/**
 * SPEC §8 for pages: nothing runs or loads but our own stylesheet and images (and, with `scripts`, our own script
 * files: never inline), no framing, no referrer, nothing cached (pages carry tokens and codes). Forms post to the
 * page's own origin and, when given, `formTargets`.
 */
export function pageSecurityHeaders(formTargets: string[] = [], { scripts = false }: { scripts?: boolean } = {}): Record<string, string> {
  return {
    'Content-Security-Policy': `default-src 'none';${scripts ? " script-src 'self';" : ''} style-src 'self'; img-src 'self'; form-action ${["'self'", ...formTargets].join(' ')}; frame-ancestors 'none'; base-uri 'none'`,
    'Referrer-Policy': 'no-referrer',
    'X-Content-Type-Options': 'nosniff',
    'X-Frame-Options': 'DENY',
    'Cross-Origin-Opener-Policy': 'same-origin',
    'Cache-Control': 'no-store',
  };
}
