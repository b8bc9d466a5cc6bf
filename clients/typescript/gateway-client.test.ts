import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHubGateway, type HubGateway } from '../../electron/gateway/testing/hub-gateway.js';
import { taskMessage, until, waitForTask } from '../../electron/gateway/testing/task-helpers.js';
import { GatewayClient, GatewayError, type ClientState, type GatewayClientOptions } from './index.js';

// The TypeScript client against a real gateway: registration, heartbeats, messages, tasks,
// reconnects (a gateway restart, a dropped socket) and refusals.
let g: HubGateway;
const clients: GatewayClient[] = [];

beforeAll(async () => {
  g = await startHubGateway({ hub: { heartbeatInterval: 0.5, heartbeatTimeout: 3 } });
});
afterAll(async () => {
  await Promise.all(clients.map((client) => client.close()));
  await g.close();
});

const client = (options: Partial<GatewayClientOptions> & { agentId: string }) => {
  const created = new GatewayClient({ gatewayUrl: g.url.replace('http', 'ws'), token: g.token, reconnectInterval: 0.05, maxReconnectInterval: 0.5, ...options });
  clients.push(created);
  return created;
};
const submit = async (target: string, task: string) => (await g.api('POST', '/tasks', taskMessage(task, target))).body.task_id as string;

describe('GatewayClient', () => {
  it('registers with its name, capabilities and Agent Card, and heartbeats past heartbeat_timeout', async () => {
    const agent = client({ agentId: 'ts-research', agentName: 'TS Research', capabilities: ['search', 'analyze'], card: { agent_type: 'analyst', description: 'from the TS client', version: '2.0.0' } });
    const connected = await agent.connect();
    expect(connected).toMatchObject({ type: 'connected', agent_id: 'ts-research', heartbeat_interval: 0.5, heartbeat_timeout: 3 });
    expect(agent.state).toBe('connected');
    await until(async () => (await g.api('GET', '/gateway/agents/ts-research')).body.agent_type === 'analyst');
    const seen = (await g.api('GET', '/gateway/agents/ts-research')).body;
    expect(seen).toMatchObject({ agent_name: 'TS Research', capabilities: ['search', 'analyze'], status: 'online', description: 'from the TS client' });
    // Still the same session once heartbeats have been coming for longer than the timeout.
    await until(async () => {
      const { body } = await g.api('GET', '/gateway/agents/ts-research');
      return Date.parse(body.last_heartbeat) - Date.parse(body.connected_at) > 3_300;
    }, 10_000, 'heartbeats beyond heartbeat_timeout');
    expect((await g.api('GET', '/gateway/agents/ts-research')).body).toMatchObject({ status: 'online', session_id: agent.sessionId });
  });

  it('sends to another agent, whose handler\'s return value comes back as the result', async () => {
    const asker = client({ agentId: 'ts-asker' });
    const doubler = client({ agentId: 'ts-doubler' });
    doubler.onMessage((message) => Number(message.content[0]?.text) * 2);
    await Promise.all([asker.connect(), doubler.connect()]);
    const result = await asker.request('ts-doubler', '21', { metadata: { why: 'test' } });
    expect(result).toMatchObject({ type: 'result', success: true, result: 42, from_agent_id: 'ts-doubler' });
    const ack = await asker.send('ts-doubler', [{ type: 'text', text: 'fire and forget' }]);
    expect(ack).toMatchObject({ type: 'ack', status: 'delivered' });
    await expect(asker.send('nobody-home', 'hello?')).rejects.toMatchObject({ name: 'GatewayError', code: 'AGENT_NOT_FOUND' });
  });

  it('runs tasks with onTask: progress, the return value as result, a throw as failure', async () => {
    const worker = client({ agentId: 'ts-worker' });
    worker.onTask(async (task, { progress }) => {
      if (task.prompt.includes('fail')) throw new Error('cannot do that');
      progress({ text: 'thinking', percent: 50 });
      return `done: ${task.prompt}`;
    });
    await worker.connect();
    const ok = await submit('ts-worker', 'write a haiku');
    expect(await waitForTask(g.api, ok)).toMatchObject({ status: 'completed', result: 'done: write a haiku', progress: 50 });
    const bad = await submit('ts-worker', 'please fail');
    expect(await waitForTask(g.api, bad)).toMatchObject({ status: 'failed', error: { message: 'cannot do that' } });
  });

  it('aborts the task\'s signal when the gateway cancels it', async () => {
    const worker = client({ agentId: 'ts-cancel' });
    let aborted!: () => void;
    const wasAborted = new Promise<void>((resolve) => (aborted = resolve));
    worker.onTask((_task, { signal }) => new Promise((_resolve, reject) => signal.addEventListener('abort', () => (aborted(), reject(new Error('stopped'))))));
    await worker.connect();
    const id = await submit('ts-cancel', 'forever');
    await waitForTask(g.api, id, (task) => task.status === 'running');
    await g.api('POST', `/tasks/${id}/cancel`);
    await wasAborted;
    expect((await waitForTask(g.api, id)).status).toBe('cancelled');
  });

  it('keeps working on a task across a dropped socket and delivers its result once back', async () => {
    const worker = client({ agentId: 'ts-dropped' });
    let calls = 0;
    let finish!: (value: string) => void;
    worker.onTask(() => {
      calls++;
      return new Promise<string>((resolve) => (finish = resolve));
    });
    await worker.connect();
    const id = await submit('ts-dropped', 'long job');
    await waitForTask(g.api, id, (task) => task.status === 'running');
    const before = worker.sessionId;
    (worker as any).ws.terminate();
    await until(() => worker.state === 'connected' && worker.sessionId !== before, 10_000, 'reconnected');
    await until(async () => (await g.api('GET', `/tasks/${id}/events`)).body.events.some((event: any) => /sent again/.test(event.body.message ?? '')), 10_000, 'task re-sent');
    finish('survived');
    expect(await waitForTask(g.api, id)).toMatchObject({ status: 'completed', result: 'survived' });
    expect(calls).toBe(1);
  });

  it('reconnects by itself after the gateway restarts', async () => {
    const agent = client({ agentId: 'ts-restart' });
    const states: ClientState[] = [];
    agent.onStateChange((state) => states.push(state));
    agent.onMessage(() => 'still here');
    await agent.connect();
    await g.restart();
    await until(() => agent.state === 'connected' && states.includes('reconnecting'), 15_000, 'reconnected after restart');
    const probe = client({ agentId: 'ts-probe' });
    await probe.connect();
    expect(await probe.request('ts-restart', 'are you there?')).toMatchObject({ result: 'still here' });
  });

  it('stops, without reconnecting, when another connection takes its agent_id', async () => {
    const first = client({ agentId: 'ts-twin' });
    await first.connect();
    const closed = new Promise<void>((resolve) => first.onStateChange((state) => state === 'closed' && resolve()));
    const second = client({ agentId: 'ts-twin' });
    await second.connect();
    await closed;
    expect((await g.api('GET', '/gateway/agents/ts-twin')).body.session_id).toBe(second.sessionId);
  });

  it('rejects connect() at once when the gateway refuses the token', async () => {
    const refused = client({ agentId: 'ts-intruder', token: 'not-the-token-1234' });
    const error = await refused.connect().catch((failure: unknown) => failure);
    expect(error).toBeInstanceOf(GatewayError);
    expect(error).toMatchObject({ code: 'UNAUTHORIZED', status: 401 });
    expect(refused.state).toBe('closed');
  });
});
