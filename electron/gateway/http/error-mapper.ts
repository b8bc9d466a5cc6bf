import type { NextFunction, Request, Response } from 'express';
import { ConfigError } from '../config/load.js';
import type { Logger } from '../log/logger.js';
import { protocols } from '../models/protocols/index.js';
import { HttpError } from './http-error.js';

/** Body-parser and guard errors become HttpErrors; each API family then gets its own shape. */
export function toHttpError(error: unknown): HttpError {
  if (error instanceof HttpError) return error;
  if (error instanceof ConfigError) return new HttpError(400, 'INVALID_CONFIG', error.message.replace(/^invalid config: /, ''));
  const parserError = error as { type?: string; status?: number; message?: string; limit?: number };
  if (parserError.type === 'entity.too.large') {
    return new HttpError(413, 'PAYLOAD_TOO_LARGE', `The request body exceeds the ${parserError.limit} byte limit of this endpoint`);
  }
  if (parserError.type === 'entity.parse.failed') return new HttpError(400, 'INVALID_JSON', `Malformed JSON: ${parserError.message}`);
  if (parserError.status && parserError.status >= 400 && parserError.status < 500) {
    return new HttpError(parserError.status, 'BAD_REQUEST', parserError.message ?? 'Bad request');
  }
  return new HttpError(500, 'INTERNAL_ERROR', 'Internal error', { cause: error });
}

export function errorMapper(logger: Logger) {
  return (error: unknown, req: Request, res: Response, _next: NextFunction) => {
    const mapped = toHttpError(error);
    // Only a failure nobody anticipated is an ERROR; a 5xx the code chose to answer (501 desktop
    // only, 502/503 from an upstream or a pause) is the gateway working as designed.
    if (mapped.status >= 500 && !(error instanceof HttpError)) logger.error('request failed', { path: req.path, error: String(mapped.cause ?? mapped.message) });
    else if (mapped.status >= 500) logger.warn('request answered with an error', { path: req.path, status: mapped.status, code: mapped.code, error: mapped.message });
    if (res.headersSent) return void res.end();
    if (mapped.headers) res.set(mapped.headers);
    const message = logger.redact(mapped.message);
    if (req.path.startsWith('/v1/')) {
      const protocol = req.path.startsWith('/v1/messages') ? protocols.messages : protocols.chat;
      res.status(mapped.status).json(protocol.errorBody(mapped.status, mapped.code.toLowerCase(), message));
      return;
    }
    res.status(mapped.status).json({ error: { code: mapped.code, message, ...(mapped.detailCode ? { detail_code: mapped.detailCode } : {}) } });
  };
}
