import { IncomingMessage } from 'node:http';
import { Params } from 'nestjs-pino';
import { childTraceparent, currentTraceparent, traceIdOf } from './trace-context';

// Local part up to what ends it in JSON, text or a URL; also URL-encoded (`%40`), as in a query string.
const LOCAL = `[^\\s"'<>(),;:\\\\@\\[\\]/?=&]`;
const EMAIL = new RegExp(`(${LOCAL})${LOCAL}*?(?:@|%40)([\\p{L}\\p{N}-]+(?:\\.[\\p{L}\\p{N}-]+)*\\.\\p{L}{2,})`, 'gu');
const JWT = /\beyJ[\w-]*\.[\w-]+\.[\w-]*/g;
// One-time codes as emailed (XXXX-XXXX-XXXX-XXXX) or typed without dashes (SPEC §4).
const CODE = /\b[0-9A-Za-z]{4}-[0-9A-Za-z]{4}-[0-9A-Za-z]{4}-[0-9A-Za-z]{4}\b|\b[0-9A-HJKMNP-TV-Z]{16}\b/g;
const SECRET_QUERY_PARAMETER = /([?&](?:code|password|token)=)[^&"\s]*/gi;

/**
 * The last line of defence for what a log line carries, whatever logged it (SPEC §8): email addresses
 * are masked (`o***@example.org`), tokens, one-time codes and secret query parameters are removed.
 */
export function maskLogLine(line: string): string {
  return line
    .replace(JWT, '[token]')
    .replace(SECRET_QUERY_PARAMETER, '$1[redacted]')
    .replace(CODE, '[code]')
    .replace(EMAIL, '$1***@$2');
}

/** JSON logs (pino) whose correlation id is the W3C trace id; secrets and personal data are redacted. */
export function loggingParams(service: string, level: string): Params {
  return {
    pinoHttp: {
      level,
      base: { service },
      genReqId: (request: IncomingMessage) => {
        const traceparent = childTraceparent(request.headers['traceparent'] as string | undefined);
        (request as IncomingMessage & { traceparent?: string }).traceparent = traceparent;
        return traceIdOf(traceparent)!;
      },
      customAttributeKeys: { reqId: 'traceId' },
      // Lines logged while handling an event (or inside a request) carry its trace id too.
      mixin: () => {
        const traceId = traceIdOf(currentTraceparent());
        return traceId ? { traceId } : {};
      },
      autoLogging: { ignore: (request) => /^\/(health|metrics)/.test(request.url ?? '') },
      redact: {
        paths: [
          'req.headers.authorization',
          'req.headers.cookie',
          // The query string stays in req.url, its secrets masked below.
          'req.query',
          'req.body',
          'res.headers["set-cookie"]',
          '*.password',
          '*.passwordHash',
          '*.code',
          '*.sealedCode',
          '*.email',
          '*.token',
          '*.person',
          '*.username',
          // A failed query's values and the database's detail (`Key (email)=(…)`) may hold anything.
          'err.parameters',
          'err.detail',
          'err.driverError',
        ],
        censor: '[redacted]',
      },
      hooks: { streamWrite: maskLogLine },
    },
  };
}
