import type { ServerResponse } from 'node:http';
import type { NextFunction, Request, Response } from 'express';
import { ConfigError } from '../config/load.js';
import type { Logger } from '../log/logger.js';
import { protocols } from '../models/protocols/index.js';
import { HttpError, payloadTooLarge } from './http-error.js';
import { sendJson } from './send-json.js';

/** Body-parser and guard errors become HttpErrors; each API family then gets its own shape. */
export function toHttpError(error: unknown): HttpError {
  if (error instanceof HttpError) return error;
  if (error instanceof ConfigError) return new HttpError(400, 'INVALID_CONFIG', error.message.replace(/^invalid config: /, ''));
  const parserError = error as { type?: string; status?: number; message?: string; limit?: number };
  if (parserError.type === 'entity.too.large') return payloadTooLarge(parserError.limit ?? 0);
  if (parserError.type === 'entity.parse.failed') return new HttpError(400, 'INVALID_JSON', `Malformed JSON: ${parserError.message}`);
  if (parserError.status && parserError.status >= 400 && parserError.status < 500) {
    return new HttpError(parserError.status, 'BAD_REQUEST', parserError.message ?? 'Bad request');
  }
  return new HttpError(500, 'INTERNAL_ERROR', 'Internal error', { cause: error });
}

/** Answers a failed request in its family's shape: OpenAI's or Anthropic's on /v1, agentmesh's elsewhere. */
export function writeError(res: ServerResponse, path: string, error: unknown, logger: Logger): void {
  const mapped = toHttpError(error);
  // Only a failure nobody anticipated is an ERROR; a 5xx the code chose to answer (501 desktop
  // only, 502/503 from an upstream or a pause) is the gateway working as designed.
  if (mapped.status >= 500 && !(error instanceof HttpError)) logger.error('request failed', { path, error: String(mapped.cause ?? mapped.message) });
  else if (mapped.status >= 500) logger.warn('request answered with an error', { path, status: mapped.status, code: mapped.code, error: mapped.message });
  if (res.headersSent) return void res.end();
  const message = logger.redact(mapped.message);
  if (path.startsWith('/v1/')) {
    const protocol = path.startsWith('/v1/messages') ? protocols.messages : protocols.chat;
    return sendJson(res, mapped.status, protocol.errorBody(mapped.status, mapped.code.toLowerCase(), message), mapped.headers);
  }
  sendJson(res, mapped.status, { error: { code: mapped.code, message, ...(mapped.detailCode ? { detail_code: mapped.detailCode } : {}) } }, mapped.headers);
}

export function errorMapper(logger: Logger) {
  return (error: unknown, req: Request, res: Response, _next: NextFunction) => writeError(res, req.path, error, logger);
}
