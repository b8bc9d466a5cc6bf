import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../log/logger.js';
import { createGateway } from '../server.js';
import { startHarness, TEST_TOKEN, type Harness } from '../testing/gateway-harness.js';
import { rawRequest } from '../testing/raw-http.js';

let h: Harness;
let port: number;
const auth = { authorization: `Bearer ${TEST_TOKEN}` };
const chatBody = JSON.stringify({ model: 'via-chat', messages: [{ role: 'user', content: 'hi' }] });

beforeAll(async () => {
  h = await startHarness();
  port = Number(new URL(h.url).port);
});
afterAll(() => h.close());

describe('gateway security', () => {
  it('binds to loopback when no host is configured', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'agentmesh-bind-'));
    const gateway = createGateway({ config: { detectAgents: false }, port: 0, dataDir, token: TEST_TOKEN, logger: createLogger({ level: 'error' }) });
    await gateway.start();
    try {
      expect(gateway.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      expect((await rawRequest(`${gateway.url}/health`)).status).toBe(200);
    } finally {
      await gateway.stop();
    }
  });

  it('serves /health without a token, in the seed shape', async () => {
    const res = await rawRequest(`${h.url}/health`);
    expect(res.status).toBe(200);
    expect(res.json()).toMatchObject({ status: 'ok', agents: [], timestamp: expect.any(Number) });
  });

  it('refuses every other route without the right token', async () => {
    for (const path of ['/v1/models', '/model-gateway/health', '/model-gateway/usage']) {
      expect((await rawRequest(`${h.url}${path}`)).status).toBe(401);
      expect((await rawRequest(`${h.url}${path}`, { headers: { authorization: 'Bearer wrong-token-0123456789' } })).status).toBe(401);
      expect((await rawRequest(`${h.url}${path}`, { headers: auth })).status).toBe(200);
    }
  });

  it('answers a bad token on /v1 in the OpenAI and Anthropic error shapes', async () => {
    const openai = await rawRequest(`${h.v1}/chat/completions`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: chatBody });
    expect(openai.status).toBe(401);
    expect(openai.json().error).toMatchObject({ type: 'authentication_error' });
    const anthropic = await rawRequest(`${h.v1}/messages`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-api-key': 'nope' }, body: '{}' });
    expect(anthropic.status).toBe(401);
    expect(anthropic.json()).toMatchObject({ type: 'error', error: { type: 'authentication_error' } });
  });

  it('accepts the token as x-api-key, as Anthropic clients send it', async () => {
    const res = await rawRequest(`${h.v1}/models`, { headers: { 'x-api-key': TEST_TOKEN } });
    expect(res.status).toBe(200);
  });

  it('refuses a foreign Host header (DNS rebinding), even with the token', async () => {
    const res = await rawRequest(`${h.url}/v1/models`, { headers: { ...auth, host: `evil.example:${port}` } });
    expect(res.status).toBe(403);
    expect(res.json().error.message).toContain('evil.example');
    const wrongPort = await rawRequest(`${h.url}/health`, { headers: { host: `127.0.0.1:${port + 1}` } });
    expect(wrongPort.status).toBe(403);
    const localhost = await rawRequest(`${h.url}/health`, { headers: { host: `localhost:${port}` } });
    expect(localhost.status).toBe(200);
  });

  it('refuses a cross-origin browser request and sends no permissive CORS header', async () => {
    const res = await rawRequest(`${h.url}/v1/models`, { headers: { ...auth, origin: 'https://evil.example' } });
    expect(res.status).toBe(403);
    expect(res.headers['access-control-allow-origin']).toBeUndefined();
    const own = await rawRequest(`${h.url}/v1/models`, { headers: { ...auth, origin: `http://127.0.0.1:${port}` } });
    expect(own.status).toBe(200);
    expect(own.headers['access-control-allow-origin']).toBeUndefined();
  });

  it('refuses a form post (no application/json) with 415', async () => {
    const res = await rawRequest(`${h.v1}/chat/completions`, {
      method: 'POST',
      headers: { ...auth, 'content-type': 'application/x-www-form-urlencoded' },
      body: 'model=via-chat',
    });
    expect(res.status).toBe(415);
    expect(res.json().error.message).toContain('application/json');
  });

  it('answers malformed JSON and schema violations with 400 and a message', async () => {
    const headers = { ...auth, 'content-type': 'application/json' };
    const malformed = await rawRequest(`${h.v1}/chat/completions`, { method: 'POST', headers, body: '{"model": "via-chat",' });
    expect(malformed.status).toBe(400);
    expect(malformed.json().error.message).toMatch(/JSON/);
    const invalid = await rawRequest(`${h.v1}/chat/completions`, { method: 'POST', headers, body: JSON.stringify({ model: 'via-chat', messages: 'hi' }) });
    expect(invalid.status).toBe(400);
    expect(invalid.json().error.message).toMatch(/messages/);
    const messages = await rawRequest(`${h.v1}/messages`, { method: 'POST', headers, body: JSON.stringify({ model: 'via-chat' }) });
    expect(messages.status).toBe(400);
    expect(messages.json()).toMatchObject({ type: 'error', error: { type: 'invalid_request_error' } });
  });

  it('answers an unknown model with 404 in the client protocol', async () => {
    const headers = { ...auth, 'content-type': 'application/json' };
    const chat = await rawRequest(`${h.v1}/chat/completions`, { method: 'POST', headers, body: JSON.stringify({ model: 'nope', messages: [{ role: 'user', content: 'x' }] }) });
    expect(chat.status).toBe(404);
    expect(chat.json().error).toMatchObject({ code: 'model_not_found' });
    const msgs = await rawRequest(`${h.v1}/messages`, { method: 'POST', headers, body: JSON.stringify({ model: 'nope', max_tokens: 5, messages: [{ role: 'user', content: 'x' }] }) });
    expect(msgs.status).toBe(404);
    expect(msgs.json()).toMatchObject({ type: 'error', error: { type: 'not_found_error' } });
  });

  it('limits body sizes per route family with 413', async () => {
    const headers = { ...auth, 'content-type': 'application/json' };
    const small = await rawRequest(`${h.url}/model-gateway/usage`, { method: 'POST', headers, body: JSON.stringify({ pad: 'x'.repeat(2 * 1024 * 1024) }) });
    expect(small.status).toBe(413);
    // /v1 takes long histories: 5 MB is fine there, 80 MB is not.
    const history = Array.from({ length: 50 }, () => ({ role: 'user', content: 'y'.repeat(100_000) }));
    const big = await rawRequest(`${h.v1}/chat/completions`, { method: 'POST', headers, body: JSON.stringify({ model: 'via-chat', messages: history }) });
    expect(big.status).toBe(200);
    const huge = await rawRequest(`${h.v1}/chat/completions`, { method: 'POST', headers, body: JSON.stringify({ model: 'via-chat', messages: [{ role: 'user', content: 'z'.repeat(80 * 1024 * 1024) }] }) });
    expect(huge.status).toBe(413);
  });

  it('never lets the client change the upstream URL or key', async () => {
    h.upstream.reset();
    const headers = { ...auth, 'content-type': 'application/json', 'x-forwarded-host': 'evil.example', 'x-api-key': 'client-key' };
    const body = JSON.stringify({ model: 'via-chat', messages: [{ role: 'user', content: 'x' }], base_url: 'http://evil.example', api_key: 'client-key' });
    const res = await rawRequest(`${h.v1}/chat/completions`, { method: 'POST', headers, body });
    expect(res.status).toBe(200);
    const seen = h.upstream.requests.at(-1)!;
    expect(seen.headers.authorization).toBe('Bearer sk-upstream-chat-secret');
    expect(JSON.stringify(seen.headers)).not.toContain(TEST_TOKEN);
    expect(JSON.stringify(seen.headers)).not.toContain('client-key');
  });

  it('never writes the token or a provider key to the log', async () => {
    await rawRequest(`${h.v1}/models`, { headers: { authorization: 'Bearer wrong-token-0123456789' } });
    const log = h.logLines.join('\n');
    expect(log).not.toContain(TEST_TOKEN);
    expect(log).not.toContain('sk-upstream-chat-secret');
  });
});
