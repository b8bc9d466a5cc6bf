import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createLogger } from '../log/logger.js';
import { createGateway, type Gateway } from '../server.js';
import { freePort } from '../testing/ports.js';
import { connectRawAgent, type RawHubAgent } from '../testing/raw-hub-agent.js';

// Messages outlive the gateway: a restart on the same data dir keeps the count, the newest
// messages (up to hub.messageRetention), and who opened each conversation.
const token = 'store-test-token-0123456789';
let dataDir: string;
let port: number;
let gateway: Gateway | undefined;
const agents: RawHubAgent[] = [];

const start = async () => {
  gateway = createGateway({ config: { hub: { messageRetention: 5 } }, dataDir, port, host: '127.0.0.1', token, logger: createLogger({ level: 'error' }) });
  await gateway.start();
  return gateway;
};
const connect = async (agent_id: string) => {
  const agent = await connectRawAgent(gateway!.url, { agent_id, token });
  agents.push(agent);
  return agent;
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
