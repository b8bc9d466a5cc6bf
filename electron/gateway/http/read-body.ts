import type { IncomingMessage, ServerResponse } from 'node:http';
import express from 'express';
import { HttpError, payloadTooLarge } from './http-error.js';

/**
 * A request body as bytes, or undefined when the request has none (no length, not chunked).
 * Plain bodies, which every model client sends, are read here; a compressed one goes through
 * express.raw, which inflates it. Over `limitBytes` the rest is read off before the 413, as
 * body-parser does, so the client gets its answer instead of a reset.
 */
export function readBody(req: IncomingMessage, res: ServerResponse, limitBytes: number): Promise<Buffer | undefined> {
  if (req.headers['transfer-encoding'] === undefined && req.headers['content-length'] === undefined) return Promise.resolve(undefined);
  const encoding = (req.headers['content-encoding'] ?? 'identity').toLowerCase();
  if (encoding !== 'identity') return inflated(req, res, limitBytes);
  return new Promise((resolve, reject) => {
    const refuse = () => discard(req, () => reject(payloadTooLarge(limitBytes)));
    if (Number(req.headers['content-length']) > limitBytes) return refuse();
    const chunks: Buffer[] = [];
    let received = 0;
    const onData = (chunk: Buffer) => {
      received += chunk.length;
      if (received <= limitBytes) return void chunks.push(chunk);
      stop();
      chunks.length = 0;
      refuse();
    };
    const onEnd = () => {
      stop();
      resolve(chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, received));
    };
    const onClose = () => {
      stop();
      reject(new HttpError(400, 'BAD_REQUEST', 'request aborted'));
    };
    const stop = () => {
      req.off('data', onData).off('end', onEnd).off('error', onClose).off('close', onClose);
    };
    req.on('data', onData).on('end', onEnd).on('error', onClose).on('close', onClose);
  });
}

const inflaters = new Map<number, express.RequestHandler>();

function inflated(req: IncomingMessage, res: ServerResponse, limitBytes: number): Promise<Buffer | undefined> {
  let parse = inflaters.get(limitBytes);
  if (!parse) inflaters.set(limitBytes, (parse = express.raw({ type: () => true, limit: limitBytes })));
  const target = req as express.Request;
  return new Promise((resolve, reject) => {
    parse(target, res as express.Response, (error?: unknown) => (error ? reject(error) : resolve(Buffer.isBuffer(target.body) ? target.body : undefined)));
  });
}

/** Reads off and drops the rest of a refused body, then calls `done`. */
function discard(req: IncomingMessage, done: () => void): void {
  if (req.readableEnded || req.destroyed) return done();
  req.once('end', done).once('close', done);
  req.resume();
}
