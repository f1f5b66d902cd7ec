import { IncomingMessage } from 'node:http';
import { Params } from 'nestjs-pino';
import { childTraceparent, traceIdOf } from './trace-context';

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
