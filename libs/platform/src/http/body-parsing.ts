import { json, NextFunction, Request, Response, urlencoded } from 'express';

const BODY_ERRORS: Record<string, { status: number; code: string; message: string }> = {
  'entity.parse.failed': { status: 400, code: 'MALFORMED_JSON', message: 'The request body is not valid JSON' },
  'entity.too.large': { status: 413, code: 'PAYLOAD_TOO_LARGE', message: 'The request body is too large' },
  'encoding.unsupported': { status: 415, code: 'UNSUPPORTED_ENCODING', message: 'The request body encoding is not supported' },
  'charset.unsupported': { status: 415, code: 'UNSUPPORTED_CHARSET', message: 'The request body charset is not supported' },
};

/** Body parsers whose failures answer in SPEC §3's error shape: the client's fault is never a 5xx. */
export const bodyParsing = [
  json({ limit: '64kb' }),
  urlencoded({ extended: false, limit: '64kb' }),
  (error: { type?: string; status?: number } | undefined, _request: Request, response: Response, next: NextFunction) => {
    if (!error) return next();
    const known = (error.type && BODY_ERRORS[error.type]) || {
      status: error.status && error.status < 500 ? error.status : 400,
      code: 'BAD_REQUEST',
      message: 'The request body could not be read',
    };
    response.status(known.status).json({ errors: [{ code: known.code, message: known.message }] });
  },
];
