import { afterAll, beforeAll, expect, it } from 'vitest';
import WebSocket from 'ws';
import { parseSse } from '../models/sse.js';
import { startHarness, type Harness } from '../testing/gateway-harness.js';
import { apiOf, scriptAgent, taskMessage, waitForTask, type Api } from '../testing/task-helpers.js';

let h: Harness;
let api: Api;
beforeAll(async () => {
  h = await startHarness({ config: () => ({ agents: [scriptAgent('echo', 'echo-agent'), scriptAgent('quick', 'slow-agent', {}, ['{prompt}', '0.2'])] }) });
  api = apiOf(h);
});
afterAll(() => h.close());

/** Reads SSE frames until `stop` says so. */
async function readSse(path: string, stop: (frames: { event?: string; data: any }[]) => boolean, onOpen?: () => Promise<void>) {
  const controller = new AbortController();
  const response = await fetch(h.url + path, { headers: { authorization: `Bearer ${h.token}` }, signal: controller.signal });
  expect(response.headers.get('content-type')).toMatch(/text\/event-stream/);
  const frames: { event?: string; data: any }[] = [];
  let opened = false;
  for await (const frame of parseSse(response.body!)) {
    // agentmesh 1.x frames: unnamed, the type inside the data, so EventSource.onmessage sees them all.
    expect(frame.event).toBeUndefined();
    const data = JSON.parse(frame.data);
    expect(data.timestamp).toEqual(expect.any(Number));
    frames.push({ event: data.type, data });
    if (!opened && data.type === 'welcome') {
      opened = true;
      await onOpen?.();
    }
    if (stop(frames)) break;
  }
  controller.abort();
  return frames;
}

const statuses = (events: any[]) => events.filter((e) => e.body.kind === 'status').map((e) => e.body.status);

it('streams a task\'s events over SSE in order, even to a client that subscribes after submitting', async () => {
  const { body } = await api('POST', '/tasks', taskMessage('stream me', 'quick'));
  const frames = await readSse(`/events?taskId=${body.task_id}`, (all) => all.some((f) => f.event === 'task.completed'));
  expect(frames[0]!.event).toBe('connected');
  expect(frames[1]).toMatchObject({ event: 'task_status', data: { task: { id: body.task_id } } });
  expect(frames[2]).toMatchObject({ event: 'welcome', data: { filter: { taskId: body.task_id }, agents: expect.arrayContaining([expect.objectContaining({ id: 'quick', status: expect.stringMatching(/^(online|busy)$/) })]) } });
  const events = frames.filter((f) => f.event === 'task.event').map((f) => f.data);
  expect(events.map((e) => e.seq)).toEqual(events.map((_, i) => i + 1));
  expect(statuses(events)).toEqual(['pending', 'assigned', 'running', 'completed']);
  expect(frames.some((f) => f.event === 'task_status' && f.data.status === 'completed')).toBe(true);
  expect(frames.every((f) => f.event !== 'task.event' || f.data.task_id === body.task_id)).toBe(true);
  expect(frames.find((f) => f.event === 'task.completed')!.data).toMatchObject({ task_id: body.task_id, result: expect.any(String) });
});

it('streams every task to an unfiltered SSE client, submitted first', async () => {
  let taskId = '';
  const frames = await readSse('/events', (all) => all.some((f) => f.event === 'task.completed' && f.data.task_id === taskId), async () => {
    taskId = (await api('POST', '/tasks', taskMessage('watch me', 'echo'))).body.task_id;
  });
  const kinds = frames.filter((f) => f.data.task_id === taskId || f.data.taskId === taskId).map((f) => f.event);
  expect(kinds[0]).toBe('task.submitted');
  expect(kinds.at(-1)).toBe('task.completed');
});

it('carries the same events over the WebSocket, after authenticating the upgrade', async () => {
  const refused = new WebSocket(`${h.url.replace('http', 'ws')}/ws`);
  const code = await new Promise<number>((resolve) => refused.on('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0)));
  expect(code).toBe(401);

  const ws = new WebSocket(`${h.url.replace('http', 'ws')}/ws`, { headers: { authorization: `Bearer ${h.token}` } });
  const messages: any[] = [];
  ws.on('message', (raw) => messages.push(JSON.parse(String(raw))));
  await new Promise((resolve) => ws.once('open', resolve));
  ws.send('not json');
  ws.send(JSON.stringify({ type: 'ping' }));
  const { body } = await api('POST', '/tasks', taskMessage('over ws', 'quick'));
  ws.send(JSON.stringify({ type: 'subscribe', taskId: body.task_id }));
  await waitForTask(api, body.task_id);
  await new Promise((resolve) => setTimeout(resolve, 100));
  ws.close();
  expect(messages[0].type).toBe('connected');
  expect(messages.find((m) => m.type === 'error').data.code).toBe('INVALID_MESSAGE');
  expect(messages.some((m) => m.type === 'pong')).toBe(true);
  const events = messages.filter((m) => m.type === 'task.event').map((m) => m.data);
  expect(events.every((e) => e.taskId === body.task_id)).toBe(true);
  const seqs = events.map((e) => e.seq);
  expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
  expect(statuses(events).at(-1)).toBe('completed');
});

it('broadcasts to every connected client and reports how many got it', async () => {
  const info = await api('GET', '/ws-info');
  expect(info.body.url).toMatch(/^ws:\/\/127\.0\.0\.1:\d+\/ws$/);
  const ws = new WebSocket(`${h.url.replace('http', 'ws')}/ws`, { headers: { authorization: `Bearer ${h.token}` } });
  const got = new Promise<any>((resolve) => ws.on('message', (raw) => {
    const message = JSON.parse(String(raw));
    if (message.type === 'deploy') resolve(message);
  }));
  await new Promise((resolve) => ws.once('open', resolve));
  const res = await api('POST', '/broadcast', { type: 'deploy', data: { version: 2 } });
  expect(res.body.delivered).toBeGreaterThanOrEqual(1);
  expect(res.body.client_count).toBe(res.body.delivered);
  expect((await got).data).toEqual({ version: 2 });
  ws.close();
  expect((await api('POST', '/broadcast', { data: 1, extra: true })).status).toBe(400);
});
