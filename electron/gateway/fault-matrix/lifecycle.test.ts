import { mkdtempSync, rmSync } from 'node:fs';
import { request, type IncomingMessage } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { createLogger } from '../log/logger.js';
import { parseSse } from '../models/sse.js';
import { createGateway } from '../server.js';
import { startHarness, TEST_TOKEN, type Harness } from '../testing/gateway-harness.js';
import { freePort, portAccepts } from '../testing/ports.js';
import { rawRequest, rawSocket } from '../testing/raw-http.js';
import { agentScript, apiOf, scriptAgent, taskMessage, until, waitForTask, type Api } from '../testing/task-helpers.js';

// Each item reads "fault -> what the gateway does". Gateways whose start is the fault get their
// own data directory; the rest share one harness.

const quiet = () => createLogger({ level: 'error' });
const statuses = (events: any[]) => events.filter((event) => event.body.kind === 'status').map((event) => event.body.status);
const fakeClaude = (delay: string) => ({ id: 'claude', adapter: 'claude-code', path: agentScript('fake-claude'), env: { FAKE_VERSION_DELAY_MS: delay } });

/** A gateway on a port known before start(), so a test can talk to it while it starts. */
async function startingGateway(config: unknown) {
  const dataDir = mkdtempSync(join(tmpdir(), 'agentmesh-lifecycle-'));
  const port = await freePort();
  const gateway = createGateway({ config, host: '127.0.0.1', port, dataDir, token: TEST_TOKEN, logger: quiet() });
  const url = `http://127.0.0.1:${port}`;
  return {
    gateway,
    port,
    url,
    api: apiOf({ url, token: TEST_TOKEN }),
    async close() {
      await gateway.stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

const upgradeHead = (port: number, path: string, headers: Record<string, string> = {}) =>
  [
    `GET ${path} HTTP/1.1`,
    `Host: ${headers.host ?? `127.0.0.1:${port}`}`,
    'Upgrade: websocket',
    'Connection: Upgrade',
    'Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==',
    'Sec-WebSocket-Version: 13',
    ...Object.entries(headers)
      .filter(([name]) => name !== 'host')
      .map(([name, value]) => `${name}: ${value}`),
    '',
    '',
  ].join('\r\n');

describe('startup', () => {
  it('a task sent the moment the port accepts, while a CLI takes 3 s to print its version -> it runs once and completes (10 of 10)', async () => {
    const runs = await Promise.all(
      Array.from({ length: 10 }, async (_, index) => {
        const g = await startingGateway({ agents: [fakeClaude('3000')] });
        try {
          const started = g.gateway.start();
          await portAccepts(g.port);
          const submitted = await g.api('POST', '/tasks', taskMessage(`run ${index}`, 'claude'));
          expect(submitted.status, JSON.stringify(submitted.body)).toBe(202);
          await started;
          const task = await waitForTask(g.api, submitted.body.task_id);
          const events = (await g.api('GET', `/tasks/${task.id}/events`)).body.events;
          return { status: task.status, result: task.result, statuses: statuses(events) };
        } finally {
          await g.close();
        }
      }),
    );
    for (const [index, run] of runs.entries()) {
      expect(run).toEqual({ status: 'completed', result: `done: run ${index}`, statuses: ['pending', 'assigned', 'running', 'completed'] });
    }
  }, 60_000);

  it('a CLI whose --version never answers -> the gateway serves at once, start() returns within the detection timeout, and the agent is offline with the reason', async () => {
    const g = await startingGateway({ limits: { agentDetectTimeoutMs: 400 }, agents: [fakeClaude('never'), scriptAgent('echo', 'echo-agent')] });
    try {
      const began = Date.now();
      const started = g.gateway.start();
      await portAccepts(g.port);
      const health = await rawRequest(`${g.url}/health`);
      expect(health.json().status).toBe('ok');
      await started;
      expect(Date.now() - began).toBeLessThan(3_000);
      const claude = (await g.api('GET', '/agents/claude')).body;
      expect(claude).toMatchObject({ state: 'offline' });
      expect(claude.detectError).toMatch(/--version.*did not answer within 400 ms/);
      expect((await g.api('GET', '/agents/echo')).body.state).toBe('online');
    } finally {
      await g.close();
    }
  });

  it('a request while a startup step is still running -> 503 STARTING with Retry-After, /health says starting, a WebSocket upgrade gets 503', async () => {
    const g = await startingGateway({});
    try {
      const release = g.gateway.services.readiness.hold('test step');
      let resolved = false;
      const started = g.gateway.start().then(() => (resolved = true));
      await portAccepts(g.port);
      const refused = await rawRequest(`${g.url}/tasks`, { headers: { authorization: `Bearer ${TEST_TOKEN}` } });
      expect(refused.status).toBe(503);
      expect(refused.headers['retry-after']).toBe('1');
      expect(refused.json().error).toMatchObject({ code: 'STARTING' });
      expect(refused.json().error.message).toContain('test step');
      expect((await rawRequest(`${g.url}/health`)).json()).toMatchObject({ status: 'starting' });
      const upgrade = await rawSocket(g.port, upgradeHead(g.port, '/ws', { authorization: `Bearer ${TEST_TOKEN}` }), 3_000);
      expect(upgrade.text).toMatch(/^HTTP\/1\.1 503 /);
      expect(upgrade.closedAfterMs).toBeLessThan(3_000);
      expect(resolved).toBe(false);

      release();
      await started;
      expect((await g.api('GET', '/tasks')).status).toBe(200);
      expect((await rawRequest(`${g.url}/health`)).json()).toMatchObject({ status: 'ok' });
    } finally {
      await g.close();
    }
  });
});

let h: Harness;
let api: Api;
let port: number;
const bufferLimit = 1024 * 1024;
beforeAll(async () => {
  h = await startHarness({
    logLevel: 'error',
    config: () => ({ limits: { eventClientBufferBytes: bufferLimit }, agents: [scriptAgent('chatty', 'chatty-agent', {}, ['160', '100000'])] }),
  });
  api = apiOf(h);
  port = Number(new URL(h.url).port);
});
afterAll(() => h.close());

describe('WebSocket upgrades', () => {
  it('an upgrade to an unknown path -> 404 and the socket is destroyed; 300 of them leave no connection open and stop() stays fast', async () => {
    const g = await startingGateway({});
    await g.gateway.start();
    try {
      const answers: { text: string; closedAfterMs: number }[] = [];
      for (let batch = 0; batch < 6; batch++) {
        answers.push(...(await Promise.all(Array.from({ length: 50 }, (_, i) => rawSocket(g.port, upgradeHead(g.port, `/nope/${batch}-${i}`), 3_000)))));
      }
      for (const answer of answers) {
        expect(answer.text).toMatch(/^HTTP\/1\.1 404 /);
        expect(answer.text).toContain('"code":"NOT_FOUND"');
        expect(answer.closedAfterMs).toBeLessThan(3_000);
      }
      await until(async () => (await g.gateway.connections()) === 0, 2_000, 'no connection left');
      // Browsers can open upgrades from any page: the guards answer them too, before the path.
      expect((await rawSocket(g.port, upgradeHead(g.port, '/nope', { host: 'evil.example' }), 3_000)).text).toMatch(/^HTTP\/1\.1 403 /);
    } finally {
      const stopping = Date.now();
      await g.close();
      expect(Date.now() - stopping).toBeLessThan(1_000);
    }
  });

  it('an upgrade with a foreign Host or Origin -> 403 and the socket is destroyed', async () => {
    const auth = { authorization: `Bearer ${TEST_TOKEN}` };
    for (const headers of [{ ...auth, host: `evil.example:${port}` }, { ...auth, origin: 'https://evil.example' }, { ...auth, origin: `http://evil.example:${port}` }]) {
      const answer = await rawSocket(port, upgradeHead(port, '/ws', headers), 3_000);
      expect(answer.text, JSON.stringify(headers)).toMatch(/^HTTP\/1\.1 403 /);
      expect(answer.closedAfterMs).toBeLessThan(3_000);
    }
  });

  it('an upgrade to /ws without the token, or with a wrong one -> 401 and the socket is destroyed', async () => {
    for (const headers of [{}, { authorization: 'Bearer wrong-token-0123456789' }] as Record<string, string>[]) {
      const answer = await rawSocket(port, upgradeHead(port, '/ws', headers), 3_000);
      expect(answer.text).toMatch(/^HTTP\/1\.1 401 /);
      expect(answer.text).toContain('"code":"UNAUTHORIZED"');
      expect(answer.closedAfterMs).toBeLessThan(3_000);
    }
  });

  it('an upgrade to /ws from our own UI origin with the token -> the event socket opens', async () => {
    const ws = new WebSocket(`${h.url.replace('http', 'ws')}/ws`, { headers: { authorization: `Bearer ${TEST_TOKEN}`, origin: h.url } });
    const first = await new Promise<any>((resolve, reject) => {
      ws.once('message', (raw) => resolve(JSON.parse(String(raw))));
      ws.once('error', reject);
    });
    expect(first.type).toBe('connected');
    ws.close();
  });
});

/** Opens an event stream and reads nothing more after its headers: a consumer that stalled. */
function stalledSse(path: string): Promise<IncomingMessage> {
  return new Promise((resolve, reject) => {
    const req = request(`${h.url}${path}`, { headers: { authorization: `Bearer ${TEST_TOKEN}` } }, resolve);
    req.on('error', reject);
    req.end();
  });
}

/** Reads a stream to its end, failing if the gateway never ends it. */
async function readToEnd(res: IncomingMessage, timeoutMs = 10_000) {
  const frames: { event?: string; data: string }[] = [];
  const timer = setTimeout(() => res.destroy(new Error(`the stream was still open after ${timeoutMs} ms`)), timeoutMs);
  try {
    for await (const frame of parseSse(res)) frames.push(frame);
  } finally {
    clearTimeout(timer);
  }
  return frames;
}

const clientCount = async () => (await api('GET', '/ws-info')).body.client_count as number;
const flood = async (megabytes: number) => {
  const data = 'y'.repeat(200_000);
  for (let i = 0; i < megabytes * 5; i++) await api('POST', '/broadcast', { type: 'flood', data });
};

describe('stalled event consumers', () => {
  it('an SSE client of /events that stops reading -> dropped once its unsent events pass limits.eventClientBufferBytes, and told why', async () => {
    const res = await stalledSse('/events');
    await until(async () => (await clientCount()) === 1, 5_000, 'the client subscribed');
    await flood(16);
    expect(await clientCount()).toBe(0);
    const frames = await readToEnd(res);
    // agentmesh 1.x events: unnamed, the type in the data.
    expect(JSON.parse(frames.at(-1)!.data)).toMatchObject({ type: 'dropped', code: 'CONSUMER_TOO_SLOW', limit_bytes: bufferLimit });
    expect(frames.filter((frame) => frame.data.includes('"type":"flood"')).length).toBeLessThan(16 * 5);
  });

  it('a dashboard SSE client of /api/events that stops reading -> dropped and told why, while the task it watched completes', async () => {
    const res = await stalledSse('/api/events');
    const { body } = await api('POST', '/tasks', taskMessage('flood the dashboard', 'chatty'));
    const task = await waitForTask(api, body.task_id);
    expect(task.status).toBe('completed');
    const frames = await readToEnd(res);
    expect(frames.at(-1)).toMatchObject({ event: 'dropped' });
    expect(JSON.parse(frames.at(-1)!.data)).toMatchObject({ code: 'CONSUMER_TOO_SLOW' });
  });

  it('a WebSocket client of /ws that stops reading -> closed with 1008 and the reason', async () => {
    const ws = new WebSocket(`${h.url.replace('http', 'ws')}/ws`, { headers: { authorization: `Bearer ${TEST_TOKEN}` } });
    await new Promise((resolve, reject) => {
      ws.once('open', resolve);
      ws.once('error', reject);
    });
    ws.pause();
    await until(async () => (await clientCount()) === 1, 5_000, 'the socket subscribed');
    await flood(16);
    expect(await clientCount()).toBe(0);
    const closed = new Promise<{ code: number; reason: string }>((resolve) => ws.once('close', (code, reason) => resolve({ code, reason: String(reason) })));
    ws.resume();
    const { code, reason } = await closed;
    expect(code).toBe(1008);
    expect(reason).toMatch(/stopped reading/);
  });
});
