import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from '../../testing/gateway-harness.js';
import { rawRequest } from '../../testing/raw-http.js';

// A new upstream connection per call is a new TCP (and, against a real provider, TLS)
// handshake on every turn of Claude Code or Codex. Every path must leave its connection
// reusable once the call has finished normally.

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(() => h.close());

const CALLS = 5;
const inbound = {
  chat: { path: '/v1/chat/completions', body: (model: string, stream: boolean) => ({ model, stream, messages: [{ role: 'user', content: 'hi' }] }) },
  responses: { path: '/v1/responses', body: (model: string, stream: boolean) => ({ model, stream, input: 'hi' }) },
  messages: { path: '/v1/messages', body: (model: string, stream: boolean) => ({ model, stream, max_tokens: 20, messages: [{ role: 'user', content: 'hi' }] }) },
};
const providers = { 'openai-chat': 'via-chat', 'openai-responses': 'via-responses', anthropic: 'via-anthropic' };

const paths = Object.entries(inbound).flatMap(([protocol, call]) => Object.entries(providers).map(([provider, model]) => [protocol, provider, call, model] as const));

describe.each([false, true])('stream: %s', (stream) => {
  it.each(paths)(`${CALLS} sequential %s calls to an %s provider open at most one upstream connection`, async (_protocol, _provider, call, model) => {
    const before = h.upstream.connectionsOpened();
    for (let i = 0; i < CALLS; i++) {
      const res = await rawRequest(`${h.url}${call.path}`, {
        method: 'POST',
        headers: { authorization: `Bearer ${h.token}`, 'content-type': 'application/json' },
        body: JSON.stringify(call.body(model, stream)),
      });
      expect(res.status).toBe(200);
      expect(res.text).toContain('ok');
    }
    expect(h.upstream.connectionsOpened() - before).toBeLessThanOrEqual(1);
  });
});
