import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { UsageRow } from '../../store/usage-ledger.js';
import { startHarness, type Harness } from '../../testing/gateway-harness.js';
import { rawRequest } from '../../testing/raw-http.js';

// A non-streaming answer in the client's own protocol goes out as the upstream sent it: same
// bytes, with a length instead of chunked framing, its usage still booked.

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(() => h.close());
beforeEach(() => h.upstream.reset());

const nextUsage = () =>
  new Promise<UsageRow>((resolve) => {
    const off = h.gateway.services.bus.on('usage.recorded', (row) => {
      off();
      resolve(row as UsageRow);
    });
  });

const post = (path: string, body: unknown) =>
  rawRequest(`${h.url}${path}`, { method: 'POST', headers: { authorization: `Bearer ${h.token}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });

const cases = [
  ['chat', '/v1/chat/completions', { model: 'via-chat', messages: [{ role: 'user', content: 'one two three' }] }, (usage: any) => [usage.prompt_tokens, usage.completion_tokens]],
  ['responses', '/v1/responses', { model: 'via-responses', input: 'one two three' }, (usage: any) => [usage.input_tokens, usage.output_tokens]],
  ['messages', '/v1/messages', { model: 'via-anthropic', max_tokens: 20, messages: [{ role: 'user', content: 'one two three' }] }, (usage: any) => [usage.input_tokens, usage.output_tokens]],
] as const;

describe('pass-through JSON answers', () => {
  it.each(cases)('a %s answer keeps the upstream bytes, gets a content-length and books its usage', async (_name, path, body, tokens) => {
    h.upstream.script({ text: 'alpha beta gamma delta' });
    const usage = nextUsage();
    const res = await post(path, body);
    expect(res.status).toBe(200);
    expect(res.headers['transfer-encoding']).toBeUndefined();
    expect(Number(res.headers['content-length'])).toBe(Buffer.byteLength(res.text));
    const [input, output] = tokens(res.json().usage);
    expect(output).toBe(4);
    expect(await usage).toMatchObject({ status: 200, inputTokens: input, outputTokens: output });
  });

  it('an answer cut short under a matching length is not forwarded: the client gets a 502 in its protocol', async () => {
    h.upstream.script({ fault: 'end-early', text: 'alpha beta gamma delta' });
    const usage = nextUsage();
    const res = await post('/v1/messages', cases[2][2]);
    expect(res.status).toBe(502);
    expect(res.json()).toMatchObject({ type: 'error', error: { message: expect.stringMatching(/unreadable body/) } });
    expect(await usage).toMatchObject({ status: 502 });
  });
});
