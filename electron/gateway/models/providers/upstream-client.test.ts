import { once } from 'node:events';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { providerSchema } from '../../../../shared/schemas/config.js';
import { asUpstreamError, callUpstream, UpstreamError, upstreamUrl } from './upstream-client.js';

let server: Server;
let handler: (req: IncomingMessage, res: ServerResponse) => void;
let provider: ReturnType<typeof providerSchema.parse>;

beforeAll(async () => {
  server = createServer((req, res) => handler(req, res));
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  provider = providerSchema.parse({ id: 'up', type: 'openai-chat', baseUrl: `${url}/v1`, apiKey: 'k', models: ['m'] });
});
afterAll(() => {
  server.closeAllConnections();
  server.close();
});

const call = (timeouts: { headersTimeoutMs?: number; bodyTimeoutMs?: number } = {}) =>
  callUpstream({
    provider,
    path: '/v1/chat/completions',
    payload: '{}',
    headers: { 'content-type': 'application/json' },
    signal: new AbortController().signal,
    headersTimeoutMs: timeouts.headersTimeoutMs ?? 2_000,
    bodyTimeoutMs: timeouts.bodyTimeoutMs ?? 2_000,
  });

describe('callUpstream', () => {
  it('hands a 2xx body to the caller', async () => {
    handler = (req, res) => res.end(JSON.stringify({ path: req.url }));
    expect(await (await call()).body.json()).toEqual({ path: '/v1/chat/completions' });
  });

  it('turns an error status into an UpstreamError with the upstream message', async () => {
    handler = (_req, res) => res.writeHead(429, { 'retry-after': '2' }).end(JSON.stringify({ error: { message: 'slow down' } }));
    await expect(call()).rejects.toMatchObject({ status: 429, retryable: true, retryAfterMs: 2_000, message: 'up answered 429: slow down' });
    handler = (_req, res) => res.writeHead(429, { 'retry-after': '30', 'retry-after-ms': '29500' }).end('{}');
    await expect(call()).rejects.toMatchObject({ retryAfterMs: 29_500, retryHeaders: { 'retry-after': '30', 'retry-after-ms': '29500' } });
    handler = (_req, res) => res.writeHead(400).end('bad request');
    await expect(call()).rejects.toMatchObject({ status: 400, retryable: false });
  });

  it('reports stalled headers and a stalled body as the same retryable 504', async () => {
    handler = () => undefined;
    await expect(call({ headersTimeoutMs: 100 })).rejects.toMatchObject({ status: 504, retryable: true, message: 'up timed out' });
    handler = (_req, res) => res.writeHead(200).write('{');
    const response = await call({ bodyTimeoutMs: 100 });
    await expect(response.body.text()).rejects.toMatchObject({ status: 504, retryable: true, message: 'up timed out' });
  });

  it('maps anything else to a retryable 502', () => {
    const error = asUpstreamError(new Error('connect ECONNREFUSED'), 'up');
    expect(error).toBeInstanceOf(UpstreamError);
    expect(error).toMatchObject({ status: 502, retryable: true, message: 'up unreachable: connect ECONNREFUSED' });
  });
});

describe('upstreamUrl', () => {
  it('does not double a /v1 the base URL already has', () => {
    expect(upstreamUrl('https://api.example.com/v1/', '/v1/messages')).toBe('https://api.example.com/v1/messages');
    expect(upstreamUrl('https://api.example.com/openai', '/chat/completions')).toBe('https://api.example.com/openai/chat/completions');
  });
});
