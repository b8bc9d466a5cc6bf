import { afterAll, beforeAll, expect, it } from 'vitest';
import { startHarness, TEST_TOKEN, type Harness } from '../testing/gateway-harness.js';
import { rawSocket } from '../testing/raw-http.js';

let h: Harness;
beforeAll(async () => {
  h = await startHarness({
    config: (url) => ({
      server: { headersTimeoutMs: 600, requestTimeoutMs: 1200 },
      providers: [{ id: 'p', type: 'openai-chat', baseUrl: `${url}/v1`, models: ['m'] }],
    }),
  });
});
afterAll(() => h.close());

it('drops a client that never finishes its headers', async () => {
  const port = Number(new URL(h.url).port);
  const { text, closedAfterMs } = await rawSocket(port, 'GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\n', 5_000);
  expect(closedAfterMs).toBeLessThan(4_000);
  expect(text === '' || text.startsWith('HTTP/1.1 408')).toBe(true);
});

it('drops a client that never finishes its body', async () => {
  const port = Number(new URL(h.url).port);
  const head = `POST /v1/chat/completions HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nAuthorization: Bearer ${TEST_TOKEN}\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{"model":`;
  const { closedAfterMs } = await rawSocket(port, head, 6_000);
  expect(closedAfterMs).toBeLessThan(5_000);
});
