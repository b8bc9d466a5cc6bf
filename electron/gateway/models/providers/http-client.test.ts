import { once } from 'node:events';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { HttpTimeoutError, sendRequest, type HttpRequest } from './http-client.js';

type Handler = (req: IncomingMessage, res: ServerResponse) => void;

let server: Server;
let base: string;
let handler: Handler;
const connections: Socket[] = [];
const closedAt: number[] = [];

beforeAll(async () => {
  server = createServer((req, res) => handler(req, res));
  server.on('connection', (socket: Socket) => {
    connections.push(socket);
    socket.on('close', () => closedAt.push(performance.now()));
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => {
  server.closeAllConnections();
  server.close();
});
beforeEach(() => {
  connections.length = 0;
  closedAt.length = 0;
});

const get = (path: string, extra: Partial<HttpRequest> = {}) =>
  sendRequest(base + path, { method: 'GET', headers: {}, headersTimeoutMs: 2_000, bodyTimeoutMs: 2_000, ...extra });
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const untilClosed = async (count: number) => {
  for (const deadline = performance.now() + 2_000; closedAt.length < count && performance.now() < deadline; ) await sleep(2);
  return closedAt[count - 1]!;
};

describe('sendRequest', () => {
  it('streams the body as Buffers and reuses the connection once it is read', async () => {
    handler = (_req, res) => {
      res.writeHead(200, { 'content-type': 'text/plain', 'x-extra': 'yes' });
      res.write('one ');
      setTimeout(() => res.end('two'), 20);
    };
    const first = await get('/a');
    expect(first.statusCode).toBe(200);
    expect(first.headers['x-extra']).toBe('yes');
    const chunks: Buffer[] = [];
    for await (const chunk of first.body) chunks.push(chunk);
    expect(chunks.every((chunk) => Buffer.isBuffer(chunk))).toBe(true);
    expect(Buffer.concat(chunks).toString()).toBe('one two');
    expect(await (await get('/b')).body.text()).toBe('one two');
    expect(connections).toHaveLength(1);
  });

  it('keeps the connection when a reader stops early and the rest is released, closes it when destroyed', async () => {
    handler = (_req, res) => {
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      res.end('data: last\n\ndata: [DONE]\n\n');
    };
    const stopEarly = async () => {
      const response = await get('/stream');
      for await (const _chunk of response.body) break;
      return response.body;
    };
    // The rest is already buffered: one turn of the event loop hands the socket back.
    const turn = () => new Promise((resolve) => setImmediate(resolve));
    (await stopEarly()).release();
    await turn();
    // The first call may have reused a connection an earlier test left in the pool.
    const opened = connections.length;
    for (let i = 0; i < 3; i++) {
      (await stopEarly()).release();
      await turn();
    }
    expect(connections).toHaveLength(opened);
    (await stopEarly()).destroy();
    await untilClosed(1);
    await (await get('/stream')).body.text();
    expect(connections).toHaveLength(opened + 1);
  });

  it('closes the connection instead of draining leftovers past the release limit', async () => {
    handler = (_req, res) => {
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      res.write('data: last\n\n');
      setTimeout(() => res.end('x'.repeat(10_000)), 20);
    };
    const response = await get('/stream');
    for await (const _chunk of response.body) break;
    response.body.release(1_000);
    await untilClosed(1);
    expect(closedAt).toHaveLength(1);
  });

  it('closes the connection when the end of a released body does not come in time', async () => {
    handler = (_req, res) => {
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      res.write('data: last\n\n');
      // The end never comes.
    };
    const response = await get('/stream', { bodyTimeoutMs: 60_000 });
    for await (const _chunk of response.body) break;
    const releasedAt = performance.now();
    response.body.release(64 * 1024, 150);
    expect((await untilClosed(1)) - releasedAt).toBeLessThan(1_500);
  });

  it('refuses a body over its byte limit, closing the connection instead of buffering on', async () => {
    handler = (_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.write('x'.repeat(10_000));
      // Never ends on its own: the reader must stop it.
    };
    const response = await get('/big');
    await expect(response.body.text(4_096)).rejects.toThrow(/4096-byte limit \(limits\.upstreamBodyBytes\)/);
    await untilClosed(1);
    expect(closedAt).toHaveLength(1);
  });

  it('sends the body with a length and reads JSON back', async () => {
    handler = (req, res) => {
      let text = '';
      req.on('data', (chunk) => (text += chunk));
      req.on('end', () => res.end(JSON.stringify({ length: req.headers['content-length'], echoed: JSON.parse(text) })));
    };
    const response = await sendRequest(`${base}/echo`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"ü":1}', headersTimeoutMs: 2_000, bodyTimeoutMs: 2_000 });
    expect(await response.body.json()).toEqual({ length: '8', echoed: { ü: 1 } });
  });

  it('times out waiting for the headers', async () => {
    handler = () => undefined;
    const started = performance.now();
    await expect(get('/hang', { headersTimeoutMs: 150 })).rejects.toMatchObject({ name: 'HttpTimeoutError', phase: 'headers' });
    expect(performance.now() - started).toBeLessThan(1_000);
    await untilClosed(1);
  });

  it('times out when the body stalls, with the error the caller chose', async () => {
    handler = (_req, res) => {
      res.writeHead(200);
      res.write('first');
    };
    const response = await get('/stall', { bodyTimeoutMs: 150, timeoutError: (phase) => new Error(`stalled: ${phase}`) });
    const read = (async () => {
      for await (const _chunk of response.body);
    })();
    await expect(read).rejects.toThrow('stalled: body');
  });

  it('does not blame the upstream while the reader is the one behind', async () => {
    const payload = 'x'.repeat(4 * 1024 * 1024);
    handler = (_req, res) => res.end(payload);
    const response = await get('/big', { bodyTimeoutMs: 200 });
    // Once data waits unread in the client's buffer, only the reader is behind. (Under a loaded
    // test run the first bytes can take a while to arrive; that gap is not what this checks.)
    const incoming = (response.body as unknown as { res: { readableLength: number } }).res;
    const deadline = Date.now() + 5_000;
    while (incoming.readableLength === 0 && Date.now() < deadline) await sleep(5);
    await sleep(800);
    expect((await response.body.text()).length).toBe(payload.length);
  });

  it('closes the socket at once on abort, before and after the headers', async () => {
    handler = () => undefined;
    const before = new AbortController();
    const pending = get('/hang', { signal: before.signal });
    await sleep(50);
    let abortedAt = performance.now();
    before.abort();
    await expect(pending).rejects.toMatchObject({ name: 'AbortError' });
    expect((await untilClosed(1)) - abortedAt).toBeLessThan(100);

    handler = (_req, res) => {
      res.writeHead(200);
      res.write('partial');
    };
    const after = new AbortController();
    const response = await get('/partial', { signal: after.signal });
    const read = (async () => {
      for await (const _chunk of response.body);
    })();
    abortedAt = performance.now();
    after.abort();
    await expect(read).rejects.toThrow();
    expect((await untilClosed(2)) - abortedAt).toBeLessThan(100);
  });

  it('rejects at once for a signal already aborted, and on a refused connection', async () => {
    await expect(get('/', { signal: AbortSignal.abort() })).rejects.toMatchObject({ name: 'AbortError' });
    const probe = createServer();
    probe.listen(0, '127.0.0.1');
    await once(probe, 'listening');
    const port = (probe.address() as AddressInfo).port;
    probe.close();
    await expect(sendRequest(`http://127.0.0.1:${port}/`, { method: 'GET', headers: {}, headersTimeoutMs: 2_000, bodyTimeoutMs: 2_000 })).rejects.toThrow(/ECONNREFUSED/);
  });

  it('names the timeout phase', () => {
    expect(new HttpTimeoutError('body').message).toMatch(/body/);
  });
});
