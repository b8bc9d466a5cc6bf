import express, { type NextFunction, type Request, type RequestHandler, type Response } from 'express';
import { HttpError } from './http-error.js';

/**
 * express.raw with a second limit: the sum of the bodies of every request it admitted whose
 * response has not ended. A body is counted from admission (its declared length; the smaller
 * of the per-request limit and the cap when it declares none) to the end of its response,
 * because a model call keeps its body for as long as it streams. Past the sum the request
 * gets 503 with Retry-After before a byte of it is read; a body larger than the whole cap, 413.
 */
export function boundedRawBody(limitBytes: number, capBytes: () => number): RequestHandler {
  const parse = express.raw({ type: () => true, limit: limitBytes });
  let inflight = 0;

  return (req: Request, res: Response, next: NextFunction) => {
    const cap = capBytes();
    const declared = Number(req.headers['content-length'] ?? Number.NaN);
    let held = Number.isFinite(declared) && declared >= 0 ? Math.min(declared, limitBytes) : Math.min(limitBytes, cap);
    if (held > cap) return next(new HttpError(413, 'PAYLOAD_TOO_LARGE', `The request body is larger than the ${cap}-byte limit on request bodies in flight (limits.inflightRequestBytes)`));
    if (inflight + held > cap) return next(busy(cap));
    inflight += held;
    res.once('close', () => {
      inflight -= held;
      held = 0;
    });
    parse(req, res, (error?: unknown) => {
      if (error) return next(error);
      // Settle on what the body really holds (it may have been inflated, or declared no length).
      const actual = Buffer.isBuffer(req.body) ? req.body.length : 0;
      if (actual > held && inflight + actual - held > cap) return next(busy(cap));
      inflight += actual - held;
      held = actual;
      next();
    });
  };
}

const busy = (cap: number) =>
  new HttpError(503, 'GATEWAY_BUSY', `The gateway holds its ${cap}-byte limit of request bodies in flight (limits.inflightRequestBytes); retry shortly`, {
    headers: { 'retry-after': '1' },
  });
