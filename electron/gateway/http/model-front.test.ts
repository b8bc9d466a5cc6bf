import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from '../testing/gateway-harness.js';
import { rawRequest } from '../testing/raw-http.js';

// The /v1 model routes bypass express. These are the checks and spellings express gave them
// for free, held to the same answers on the lean path.

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(() => h.close());

const json = () => ({ authorization: `Bearer ${h.token}`, 'content-type': 'application/json' });
const chat = JSON.stringify({ model: 'via-chat', messages: [{ role: 'user', content: 'hi' }] });
const messages = JSON.stringify({ model: 'via-anthropic', max_tokens: 9, messages: [{ role: 'user', content: 'hi' }] });

describe('the lean /v1 path', () => {
  it('refuses model calls while paused, in each client protocol, and serves them again on resume', async () => {
    h.gateway.setPaused(true);
    try {
      const openai = await rawRequest(`${h.v1}/chat/completions`, { method: 'POST', headers: json(), body: chat });
      expect(openai.status).toBe(503);
      expect(openai.json().error).toMatchObject({ code: 'gateway_paused', message: expect.stringMatching(/paused/) });
      const anthropic = await rawRequest(`${h.v1}/messages`, { method: 'POST', headers: json(), body: messages });
      expect(anthropic.status).toBe(503);
      expect(anthropic.json()).toMatchObject({ type: 'error', error: { message: expect.stringMatching(/paused/) } });
      // Listing models is not a call: it stays open.
      expect((await rawRequest(`${h.v1}/models`, { headers: json() })).status).toBe(200);
    } finally {
      h.gateway.setPaused(false);
    }
    expect((await rawRequest(`${h.v1}/chat/completions`, { method: 'POST', headers: json(), body: chat })).status).toBe(200);
  });

  it('holds model calls at 503 STARTING with Retry-After while a startup step runs', async () => {
    const release = h.gateway.services.readiness.hold('test step');
    try {
      const refused = await rawRequest(`${h.v1}/messages`, { method: 'POST', headers: json(), body: messages });
      expect(refused.status).toBe(503);
      expect(refused.headers['retry-after']).toBe('1');
      expect(refused.json()).toMatchObject({ type: 'error', error: { message: expect.stringContaining('test step') } });
    } finally {
      release();
    }
    expect((await rawRequest(`${h.v1}/messages`, { method: 'POST', headers: json(), body: messages })).status).toBe(200);
  });

  it('answers the spellings express matched: a query, a trailing slash, another case, HEAD', async () => {
    expect((await rawRequest(`${h.v1}/models?limit=5`, { headers: json() })).json()).toMatchObject({ object: 'list' });
    expect((await rawRequest(`${h.v1}/models/`, { headers: json() })).status).toBe(200);
    expect((await rawRequest(`${h.url}/V1/Chat/Completions`, { method: 'POST', headers: json(), body: chat })).status).toBe(200);
    const head = await rawRequest(`${h.v1}/models`, { method: 'HEAD', headers: json() });
    expect([head.status, head.text, head.headers['content-type']]).toEqual([200, '', 'application/json; charset=utf-8']);
  });

  it('inflates a gzip-compressed request body', async () => {
    const res = await rawRequest(`${h.v1}/chat/completions`, { method: 'POST', headers: { ...json(), 'content-encoding': 'gzip' }, body: gzipSync(chat) });
    expect(res.status).toBe(200);
    expect(res.json().choices[0].message.content).toBe('ok');
  });

  it('leaves every other /v1 path to express: 401 without a token, else 404 in the OpenAI shape', async () => {
    expect((await rawRequest(`${h.v1}/images/generations`, { method: 'POST', body: '{}' })).status).toBe(401);
    const missing = await rawRequest(`${h.v1}/images/generations`, { method: 'POST', headers: json(), body: '{}' });
    expect(missing.status).toBe(404);
    expect(missing.json().error).toMatchObject({ code: 'not_found' });
  });
});
