import { IncomingMessage } from 'node:http';
import { Params } from 'nestjs-pino';
import { childTraceparent, currentTraceparent, traceIdOf } from './trace-context';

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
          'req.body',
          'res.headers["set-cookie"]',
          '*.password',
          '*.code',
          '*.email',
          '*.token',
        ],
        censor: '[redacted]',
      },
    },
  };
}
