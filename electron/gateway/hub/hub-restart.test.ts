import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createLogger } from '../log/logger.js';
import { createGateway, type Gateway } from '../server.js';
import { freePort } from '../testing/ports.js';
import { connectRawAgent, type RawHubAgent } from '../testing/raw-hub-agent.js';

// What outlives a gateway restart on the same data dir: the message count, the newest messages
// (up to hub.messageRetention), who opened each conversation, the remote agents seen, and the
// tasks queued for them.
const token = 'store-test-token-0123456789';
let dataDir: string;
let port: number;
let gateway: Gateway | undefined;
const agents: RawHubAgent[] = [];

const start = async () => {
  gateway = createGateway({ config: { hub: { messageRetention: 5, heartbeatInterval: 1, heartbeatTimeout: 10 } }, dataDir, port, host: '127.0.0.1', token, logger: createLogger({ level: 'error' }) });
  await gateway.start();
  return gateway;
};
const connect = async (agent_id: string, extra: { max_concurrent?: number } = {}) => {
  const agent = await connectRawAgent(gateway!.url, { agent_id, token, ...extra });
  agents.push(agent);
  return agent;
};
const api = async (method: string, path: string, body?: unknown) => {
  const response = await fetch(gateway!.url + path, { method, headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) });
  return (await response.json()) as any;
};
const status = async () => (await fetch(`${gateway!.url}/gateway/status`, { headers: { authorization: `Bearer ${token}` } })).json() as Promise<{ total_messages: number }>;

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'agentmesh-hub-store-'));
  port = await freePort();
});
afterAll(async () => {
  for (const agent of agents) agent.close();
  await gateway?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

it('keeps total_messages, the newest messages and each conversation\'s opener across a restart', async () => {
  await start();
  const alice = await connect('alice');
  const bob = await connect('bob');
  for (let index = 1; index <= 8; index++) {
    alice.send({ type: 'send', message_id: `m-${index}`, to_agent_id: 'bob', conversation_id: index <= 4 ? 'conv-early' : 'conv-late', content: `message ${index}` });
    await alice.next('ack');
  }
  expect((await status()).total_messages).toBe(8);
  const live = await gateway!.handlers['hub.conversations']({ limit: 10 });
  expect(live.map((conversation) => [conversation.conversation_id, conversation.message_count])).toEqual([['conv-late', 4], ['conv-early', 1]]);
  expect(live[0]).toMatchObject({ participants: ['alice', 'bob'], last: { message_id: 'm-8', text: 'message 8', from_agent_id: 'alice', to_agent_id: 'bob' } });

  await gateway!.stop();
  await Promise.all([alice.closed, bob.closed]);
  await start();
  expect((await status()).total_messages).toBe(8);
  const kept = await gateway!.handlers['hub.messages']({ conversationId: 'conv-late', limit: 200 });
  expect(kept.map((message) => message.text)).toEqual(['message 5', 'message 6', 'message 7', 'message 8']);

  // bob answers a conversation alice opened before the restart: the result still finds her.
  const alice2 = await connect('alice');
  const bob2 = await connect('bob');
  bob2.send({ type: 'result', conversation_id: 'conv-late', success: true, result: 'all read' });
  expect(await alice2.next('result')).toMatchObject({ conversation_id: 'conv-late', from_agent_id: 'bob', result: 'all read' });
  expect((await status()).total_messages).toBe(9);
});

it('lists a remote agent seen before the restart as offline, and gives it the task queued for it once it is back', async () => {
  const worker = await connect('restart-worker', { max_concurrent: 1 });
  const first = (await api('POST', '/tasks', { type: 'task', source: 'test', target: 'restart-worker', payload: { task: 'first' } })).task_id;
  const queued = (await api('POST', '/tasks', { type: 'task', source: 'test', target: 'restart-worker', payload: { task: 'second' } })).task_id;
  expect((await worker.next('task')).task_id).toBe(first);
  expect((await api('GET', `/tasks/${queued}`)).status).toBe('pending');

  await gateway!.stop();
  await worker.closed;
  await start();
  expect((await api('GET', `/tasks/${first}`)).status).toBe('interrupted');
  expect(await api('GET', '/agents/restart-worker')).toMatchObject({ kind: 'remote', state: 'offline' });
  const back = await connect('restart-worker');
  expect(await back.next('task')).toMatchObject({ task_id: queued, prompt: 'second' });
  back.send({ type: 'result', conversation_id: queued, success: true, result: 'done after the restart' });
  await back.next('ack');
  expect(await api('GET', `/tasks/${queued}`)).toMatchObject({ status: 'completed', result: 'done after the restart' });
});
