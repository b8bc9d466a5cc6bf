import { once } from 'node:events';
import { request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express, { type NextFunction, type Request, type Response } from 'express';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { boundedRawBody } from './bounded-raw-body.js';
import type { HttpError } from './http-error.js';

// A body limit of 1000 bytes per request and 1500 in flight; each request is held open
// until the test lets it go, as a streaming model call would be.
let server: Server;
let port: number;
const held: Response[] = [];

beforeAll(async () => {
  const app = express();
  app.post('/call', boundedRawBody(1000, () => 1500), (req, res) => {
    res.write(`got ${(req.body as Buffer).length}\n`);
    held.push(res);
  });
  app.use((error: HttpError, _req: Request, res: Response, _next: NextFunction) => {
    res.status(error.status ?? 500).set(error.headers ?? {}).end(error.message);
  });
  server = app.listen(0, '127.0.0.1');
  await once(server, 'listening');
  port = (server.address() as AddressInfo).port;
});
afterAll(() => {
  server.closeAllConnections();
  server.close();
});

/** Posts `size` bytes (chunked when `chunked`) and resolves with the status and first line of the answer. */
function post(size: number, chunked = false): Promise<{ status: number; retryAfter?: string; first: string }> {
  return new Promise((resolve, reject) => {
    const headers: Record<string, string> = chunked ? { 'transfer-encoding': 'chunked' } : { 'content-length': String(size) };
    const req = request({ port, host: '127.0.0.1', method: 'POST', path: '/call', headers, agent: false }, (res) => {
      res.once('data', (chunk: Buffer) => resolve({ status: res.statusCode ?? 0, retryAfter: res.headers['retry-after'] as string | undefined, first: chunk.toString().trim() }));
    });
    req.on('error', reject);
    req.end(Buffer.alloc(size, 'z'));
  });
}

const release = async () => {
  const res = held.shift()!;
  const closed = once(res, 'close');
  res.end();
  await closed;
};

it('admits bodies until the sum in flight would pass the cap, then 503 with Retry-After until one ends', async () => {
  expect(await post(800)).toMatchObject({ status: 200, first: 'got 800' });
  expect(await post(800)).toMatchObject({ status: 503, retryAfter: '1' });
  await release();
  expect(await post(800)).toMatchObject({ status: 200, first: 'got 800' });
  await release();
});

it('counts a body without a length as the per-request limit while it is read, then as what it holds', async () => {
  expect(await post(100, true)).toMatchObject({ status: 200, first: 'got 100' });
  expect(await post(900)).toMatchObject({ status: 200, first: 'got 900' });
  await release();
  await release();
});

it('answers 413 for a body larger than the whole cap', async () => {
  const small = boundedRawBody(5000, () => 1500);
  const error = await new Promise<HttpError>((resolve) =>
    small({ headers: { 'content-length': '2000' } } as Request, {} as Response, (e?: unknown) => resolve(e as HttpError)),
  );
  expect(error).toMatchObject({ status: 413, message: expect.stringMatching(/limits\.inflightRequestBytes/) });
});
