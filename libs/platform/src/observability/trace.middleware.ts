import { Injectable, NestMiddleware } from '@nestjs/common';
import { NextFunction, Request, Response } from 'express';
import { childTraceparent, runInTrace } from './trace-context';

/** Every request runs in its trace, so the events it causes carry the same trace id. */
@Injectable()
export class TraceMiddleware implements NestMiddleware {
  use(request: Request & { traceparent?: string }, response: Response, next: NextFunction): void {
    const traceparent = request.traceparent ?? childTraceparent(request.headers['traceparent'] as string | undefined);
    response.setHeader('traceparent', traceparent);
    runInTrace(traceparent, next);
  }
}
