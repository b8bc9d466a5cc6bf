import { afterAll, beforeAll, expect, it } from 'vitest';
import WebSocket from 'ws';
import { parseSse } from '../models/sse.js';
import { startHarness, type Harness } from '../testing/gateway-harness.js';
import { apiOf, scriptAgent, until, type Api } from '../testing/task-helpers.js';

// specs/002 §4: subscribers of the event socket choose event groups (AGENT_RUNTIME, TASK, …) or types.
let h: Harness;
let api: Api;

beforeAll(async () => {
  h = await startHarness({ config: () => ({ agents: [scriptAgent('echo', 'echo-agent')] }) });
  api = apiOf(h);
});
afterAll(() => h.close());

async function socket(query = '') {
  const ws = new WebSocket(`${h.url.replace('http', 'ws')}/ws${query}`, { headers: { authorization: `Bearer ${h.token}` } });
  const messages: { type: string; data: any }[] = [];
  ws.on('message', (raw) => messages.push(JSON.parse(String(raw))));
  await new Promise((resolve) => ws.once('open', resolve));
  await until(() => messages.some((message) => message.type === 'connected'), 5_000, 'connected');
  return { ws, messages, has: (type: string, test: (data: any) => boolean = () => true) => messages.some((message) => message.type === type && test(message.data)) };
}

it('sends only the AGENT_RUNTIME group to a client that subscribed to it: dispatch, status, control and catalog', async () => {
  const client = await socket();
  client.ws.send(JSON.stringify({ subscribe: { groups: ['AGENT_RUNTIME'] } }));
  await until(() => client.has('subscribed'), 5_000, 'subscribed');
  expect(client.messages.find((message) => message.type === 'subscribed')!.data).toMatchObject({ groups: ['AGENT_RUNTIME'], types: [] });

  const sent = (await api('POST', '/api/v1/agents/dispatch', { targetAgentId: 'echo', task: 'watched', workflowId: 'wf-events', blocking: true })).body;
  await api('POST', '/api/v1/agents/control', { action: 'pause', targetAgentId: 'echo' });
  await api('POST', '/api/v1/agents/control', { action: 'resume', targetAgentId: 'echo' });
  await api('POST', '/api/v1/agents/deploy', { targetAgentId: 'echo', instanceCount: 1 });
  await until(() => client.has('agent_runtime_catalog'), 5_000, 'catalog event');
  await until(() => client.has('agent_runtime_dispatch', (data) => data.status === 'completed'), 5_000, 'dispatch ended');

  expect(client.has('agent_runtime_dispatch', (data) => data.taskId === sent.taskId && ['pending', 'assigned'].includes(data.status) && data.workflowId === 'wf-events' && data.targetAgentId === 'echo')).toBe(true);
  expect(client.has('agent_runtime_status', (data) => data.agentId === 'echo' && data.running === 1)).toBe(true);
  expect(client.has('agent_runtime_control', (data) => data.action === 'pause' && data.targetAgentId === 'echo' && data.ok)).toBe(true);
  expect(client.has('agent_runtime_status', (data) => data.agentId === 'echo' && data.state === 'paused' && data.paused)).toBe(true);
  expect(client.has('agent_runtime_catalog', (data) => data.reason === 'deploy' && data.agentIds[0] === 'echo')).toBe(true);
  const types = new Set(client.messages.map((message) => message.type));
  expect([...types].filter((type) => !type.startsWith('agent_runtime_'))).toEqual(['connected', 'subscribed']);
  expect(client.messages.every((message) => typeof message.data.timestamp === 'string' || !message.type.startsWith('agent_runtime_'))).toBe(true);
  client.ws.close();
});

it('takes explicit types, groups in the query string, and refuses an unknown group', async () => {
  const typed = await socket('?groups=TASK');
  typed.ws.send(JSON.stringify({ subscribe: { types: ['task_status'] } }));
  await until(() => typed.has('subscribed'), 5_000, 'subscribed');
  const fromQuery = await socket('?groups=TASK');
  await api('POST', '/api/v1/agents/dispatch', { targetAgentId: 'echo', task: 'typed', blocking: true });
  await until(() => typed.has('task_status', (data) => data.status === 'completed'), 5_000, 'task_status');
  await until(() => fromQuery.has('task.completed'), 5_000, 'task.completed');
  expect(new Set(typed.messages.map((message) => message.type))).toEqual(new Set(['connected', 'subscribed', 'task_status']));
  expect(fromQuery.has('agent_runtime_dispatch')).toBe(false);
  expect(fromQuery.has('task.event')).toBe(true);

  typed.ws.send(JSON.stringify({ subscribe: { groups: ['NOPE'] } }));
  await until(() => typed.has('error'), 5_000, 'error');
  expect(typed.messages.find((message) => message.type === 'error')!.data).toMatchObject({ code: 'INVALID_MESSAGE', message: expect.stringContaining('one of TASK, AGENT, AGENT_RUNTIME') });
  typed.ws.close();
  fromQuery.ws.close();
});

it('filters SSE the same way, and lists the groups at /ws-info', async () => {
  const controller = new AbortController();
  const response = await fetch(`${h.url}/events?groups=AGENT_RUNTIME`, { headers: { authorization: `Bearer ${h.token}` }, signal: controller.signal });
  const seen: string[] = [];
  let dispatched = false;
  // /events speaks agentmesh 1.x: unnamed events whose data carries the `type`.
  for await (const frame of parseSse(response.body!)) {
    const data = JSON.parse(frame.data);
    seen.push(data.type);
    if (data.type === 'welcome' && !dispatched) {
      dispatched = true;
      expect(data.filter.types).toEqual(['agent_runtime_catalog', 'agent_runtime_dispatch', 'agent_runtime_control', 'agent_runtime_status']);
      void api('POST', '/api/v1/agents/dispatch', { targetAgentId: 'echo', task: 'over sse' });
    }
    if (data.type === 'agent_runtime_dispatch') break;
  }
  controller.abort();
  expect(seen.filter((event) => event.startsWith('task'))).toEqual([]);
  expect((await api('GET', '/events?groups=NOPE')).status).toBe(400);
  const info = (await api('GET', '/ws-info')).body;
  expect(Object.keys(info.groups)).toEqual(['TASK', 'AGENT', 'AGENT_RUNTIME', 'MODEL', 'QUOTA', 'HUB', 'CONFIG', 'COORDINATION', 'SYSTEM']);
  expect(info.events).toContain('hub.message');
});
