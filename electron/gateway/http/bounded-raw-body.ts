import type { IncomingMessage, ServerResponse } from 'node:http';
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { HttpError } from './http-error.js';
import { readBody } from './read-body.js';

/**
 * Request bodies with a second limit: the sum of the bodies of every request admitted whose
 * response has not ended. A body is counted from admission (its declared length; the smaller
 * of the per-request limit and the cap when it declares none) to the end of its response,
 * because a model call keeps its body for as long as it streams. Past the sum the request
 * gets 503 with Retry-After before a byte of it is read; a body larger than the whole cap, 413.
 */
export class BodyBudget {
  private inflight = 0;

  constructor(
    private readonly limitBytes: number,
    private readonly capBytes: () => number,
  ) {}

  /** The body (undefined when the request has none), counted against the budget until `res` closes. */
  read(req: IncomingMessage, res: ServerResponse): Promise<Buffer | undefined> {
    const cap = this.capBytes();
    const declared = Number(req.headers['content-length'] ?? Number.NaN);
    let held = Number.isFinite(declared) && declared >= 0 ? Math.min(declared, this.limitBytes) : Math.min(this.limitBytes, cap);
    if (held > cap) return Promise.reject(new HttpError(413, 'PAYLOAD_TOO_LARGE', `The request body is larger than the ${cap}-byte limit on request bodies in flight (limits.inflightRequestBytes)`));
    if (this.inflight + held > cap) return Promise.reject(busy(cap));
    this.inflight += held;
    res.once('close', () => {
      this.inflight -= held;
      held = 0;
    });
    return readBody(req, res, this.limitBytes).then((body) => {
      // Settle on what the body really holds (it may have been inflated, or declared no length).
      const actual = body?.length ?? 0;
      if (actual > held && this.inflight + actual - held > cap) throw busy(cap);
      this.inflight += actual - held;
      held = actual;
      return body;
    });
  }
}

/** BodyBudget as express middleware: the body lands in `req.body` as a Buffer. */
export function boundedRawBody(limitBytes: number, capBytes: () => number): RequestHandler {
  const budget = new BodyBudget(limitBytes, capBytes);
  return (req: Request, res: Response, next: NextFunction) => {
    budget.read(req, res).then((body) => {
      req.body = body;
      next();
    }, next);
  };
}

const busy = (cap: number) =>
  new HttpError(503, 'GATEWAY_BUSY', `The gateway holds its ${cap}-byte limit of request bodies in flight (limits.inflightRequestBytes); retry shortly`, {
    headers: { 'retry-after': '1' },
  });
