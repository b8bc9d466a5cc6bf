import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from '../testing/gateway-harness.js';
import { connectRawAgent, UpgradeRefused, type RawConnect, type RawHubAgent } from '../testing/raw-hub-agent.js';
import { apiOf, scriptAgent, until, type Api } from '../testing/task-helpers.js';

// One gateway with short heartbeats; every agent here is a bare `ws` socket sending exactly
// the frames a test means, good or bad.
let h: Harness;
let api: Api;
const open: RawHubAgent[] = [];

beforeAll(async () => {
  h = await startHarness({
    config: (upstream) => ({
      providers: [{ id: 'up', type: 'openai-chat', baseUrl: `${upstream}/v1`, apiKey: 'sk-provider-secret-key-123', models: ['m'] }],
      agents: [scriptAgent('echo', 'echo-agent')],
      hub: { heartbeatInterval: 0.5, heartbeatTimeout: 3, maxMessageBytes: 64 * 1024, rateLimit: { perSecond: 20, burst: 20 } },
    }),
  });
  api = apiOf(h);
});
afterAll(async () => {
  for (const agent of open) agent.close();
  await h.close();
});

const connect = async (params: Omit<RawConnect, 'token'> & { token?: string }) => {
  const agent = await connectRawAgent(h.url, { token: h.token, ...params });
  open.push(agent);
  return agent;
};
const refusal = (params: RawConnect) =>
  connectRawAgent(h.url, params).then(
    (agent) => {
      agent.close();
      throw new Error('the upgrade was accepted');
    },
    (error: unknown) => error as UpgradeRefused,
  );

describe('connecting', () => {
  it('registers the agent, answers with the spec\'s connected frame, and lists it with the CLI agents', async () => {
    const agent = await connect({ agent_id: 'research-1', agent_name: 'Research Agent', capabilities: '["search","analyze"]' });
    expect(agent.connected).toEqual({
      type: 'connected',
      agent_id: 'research-1',
      session_id: expect.stringMatching(/^sess_/),
      heartbeat_interval: 0.5,
      heartbeat_timeout: 3,
      server_time: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d+Z$/),
    });
    const listed = (await api('GET', '/gateway/agents')).body.agents.find((entry: any) => entry.agent_id === 'research-1');
    expect(listed).toEqual({ agent_id: 'research-1', agent_name: 'Research Agent', capabilities: ['search', 'analyze'], status: 'online', last_heartbeat: expect.any(String) });
    const registry = (await api('GET', '/agents')).body;
    expect(registry.map((entry: any) => [entry.id, entry.kind, entry.state])).toEqual(expect.arrayContaining([['echo', 'process', 'online'], ['research-1', 'remote', 'online']]));
    const health = (await fetch(`${h.url}/health`).then((response) => response.json())) as { agents: { id: string }[] };
    expect(health.agents.map((entry) => entry.id)).toContain('research-1');
  });

  it('takes capabilities as a comma list too, and answers heartbeats', async () => {
    const agent = await connect({ agent_id: 'commas', capabilities: 'search, summarize' });
    expect((await api('GET', '/gateway/agents/commas')).body.capabilities).toEqual(['search', 'summarize']);
    agent.send({ type: 'heartbeat', timestamp: new Date().toISOString() });
    expect(await agent.next('heartbeat_ack')).toEqual({ type: 'heartbeat_ack', timestamp: expect.any(String) });
  });

  it('keeps an Agent Card and shows its fields on GET /gateway/agents/{id}', async () => {
    const agent = await connect({ agent_id: 'carded', capabilities: '["search"]' });
    agent.send({ type: 'card', card: { agent_type: 'analyst', description: 'Looks things up', version: '1.2.0', owner: { user_id: 'user-123', device_id: 'device-456' }, metadata: { location: 'PC-001', timezone: 'Asia/Shanghai' }, capabilities: ['search', 'summarize'] } });
    await until(async () => (await api('GET', '/gateway/agents/carded')).body.agent_type === 'analyst');
    const detail = (await api('GET', '/gateway/agents/carded')).body;
    expect(detail).toMatchObject({
      agent_id: 'carded',
      capabilities: ['search', 'summarize'],
      status: 'online',
      connected_at: expect.any(String),
      agent_type: 'analyst',
      description: 'Looks things up',
      version: '1.2.0',
      owner: { user_id: 'user-123', device_id: 'device-456' },
      metadata: { location: 'PC-001', timezone: 'Asia/Shanghai' },
    });
    expect((await api('GET', '/agents/carded')).body).toMatchObject({ kind: 'remote', version: '1.2.0', remote: { card: { agent_type: 'analyst' } } });
  });

  it('replaces the first connection of an agent_id with the second (closed 4000 "replaced")', async () => {
    const first = await connect({ agent_id: 'twice' });
    const second = await connect({ agent_id: 'twice' });
    expect(await first.closed).toEqual({ code: 4000, reason: 'replaced' });
    expect(second.connected.session_id).not.toBe(first.connected.session_id);
    const sender = await connect({ agent_id: 'twice-sender' });
    sender.send({ type: 'send', to_agent_id: 'twice', conversation_id: 'c-twice', content: [{ type: 'text', text: 'to the new one' }] });
    expect((await second.next('message')).content).toEqual([{ type: 'text', text: 'to the new one' }]);
    expect((await api('GET', '/gateway/agents/twice')).body).toMatchObject({ status: 'online', session_id: second.connected.session_id });
  });

  it('marks a silent agent offline after heartbeat_timeout and closes its socket', async () => {
    const agent = await connect({ agent_id: 'silent', heartbeats: false });
    const started = Date.now();
    expect((await agent.closed).code).toBe(4001);
    expect(Date.now() - started).toBeGreaterThanOrEqual(2_900);
    expect((await api('GET', '/gateway/agents')).body.agents.map((entry: any) => entry.agent_id)).not.toContain('silent');
    expect((await api('GET', '/gateway/agents/silent')).body.status).toBe('offline');
    expect((await api('GET', '/agents/silent')).body).toMatchObject({ kind: 'remote', state: 'offline' });
  });
});

describe('messages', () => {
  it('delivers a send to its target, acks the sender, and returns the result to the agent that opened the conversation', async () => {
    const alice = await connect({ agent_id: 'alice' });
    const bob = await connect({ agent_id: 'bob' });
    alice.send({ type: 'send', message_id: 'm-1', to_agent_id: 'bob', conversation_id: 'conv-abc-123', content: [{ type: 'text', text: 'Hello' }], metadata: { lang: 'en' } });
    expect(await bob.next('message')).toEqual({
      type: 'message',
      message_id: 'm-1',
      from_agent_id: 'alice',
      conversation_id: 'conv-abc-123',
      content: [{ type: 'text', text: 'Hello' }],
      metadata: { lang: 'en' },
      timestamp: expect.any(String),
    });
    expect(await alice.next('ack')).toMatchObject({ type: 'ack', message_id: 'm-1', status: 'delivered', timestamp: expect.any(String) });
    bob.send({ type: 'result', conversation_id: 'conv-abc-123', success: true, result: 'Response content', metadata: { took_ms: 3 } });
    expect(await alice.next('result')).toMatchObject({ type: 'result', conversation_id: 'conv-abc-123', success: true, result: 'Response content', metadata: { took_ms: 3 }, from_agent_id: 'bob' });
    expect(await bob.next('ack')).toMatchObject({ status: 'delivered' });
  });

  it('answers bad input with the spec\'s error codes and keeps the socket open', async () => {
    const agent = await connect({ agent_id: 'clumsy' });
    await connect({ agent_id: 'victim' });
    agent.send('{not json');
    expect(await agent.next('error')).toMatchObject({ code: 'INVALID_MESSAGE', message: expect.stringMatching(/JSON/) });
    agent.send({ type: 'teleport', message_id: 'm-t' });
    expect(await agent.next('error')).toEqual({ type: 'error', code: 'INVALID_MESSAGE', message: expect.stringMatching(/Unknown message type 'teleport'/), message_id: 'm-t' });
    agent.send({ type: 'send', message_id: 'm-e', to_agent_id: 'victim', content: [] });
    expect(await agent.next('error')).toMatchObject({ code: 'INVALID_MESSAGE', message: expect.stringMatching(/content/), message_id: 'm-e' });
    agent.send({ type: 'send', message_id: 'm-x', to_agent_id: 'nobody-here', content: 'hi' });
    expect(await agent.next('error')).toMatchObject({ code: 'AGENT_NOT_FOUND', message_id: 'm-x' });
    agent.send({ type: 'result', conversation_id: 'never-opened', success: true, result: 'x' });
    expect(await agent.next('error')).toMatchObject({ code: 'INVALID_MESSAGE', message: expect.stringMatching(/No conversation/) });
    agent.send({ type: 'heartbeat' });
    expect(await agent.next('heartbeat_ack')).toMatchObject({ type: 'heartbeat_ack' });
  });

  it('refuses a send that claims another sender (UNAUTHORIZED) and delivers nothing', async () => {
    const mallory = await connect({ agent_id: 'mallory' });
    const target = await connect({ agent_id: 'trusting' });
    mallory.send({ type: 'send', message_id: 'm-spoof', from_agent_id: 'alice', to_agent_id: 'trusting', content: 'I am alice' });
    expect(await mallory.next('error')).toMatchObject({ code: 'UNAUTHORIZED', message_id: 'm-spoof' });
    mallory.send({ type: 'send', message_id: 'm-honest', from_agent_id: 'mallory', to_agent_id: 'trusting', content: 'I am mallory' });
    expect(await target.next('message')).toMatchObject({ message_id: 'm-honest', from_agent_id: 'mallory' });
    expect(target.frames.filter((frame) => frame.type === 'message')).toEqual([]);
  });

  it('closes the socket of an agent that sends a frame over the size limit (1009)', async () => {
    const agent = await connect({ agent_id: 'oversize' });
    agent.send({ type: 'send', to_agent_id: 'alice', content: 'x'.repeat(70 * 1024) });
    expect((await agent.closed).code).toBe(1009);
    await until(async () => (await api('GET', '/gateway/agents/oversize')).body.status === 'offline');
  });

  it('limits how fast one agent may send (RATE_LIMIT)', async () => {
    const chatty = await connect({ agent_id: 'chatty' });
    await connect({ agent_id: 'listener' });
    for (let index = 0; index < 40; index++) chatty.send({ type: 'send', message_id: `r-${index}`, to_agent_id: 'listener', content: 'spam' });
    const limited = await chatty.next((frame) => frame.type === 'error' && frame.code === 'RATE_LIMIT');
    expect(limited.message).toMatch(/20 messages per second/);
  });
});

describe('security', () => {
  it('refuses an upgrade without a token, with a wrong one, or from a foreign Origin', async () => {
    expect((await refusal({ agent_id: 'anon' })).status).toBe(401);
    expect((await refusal({ agent_id: 'anon', token: 'wrong-token-123456' })).status).toBe(401);
    expect((await refusal({ agent_id: 'anon', token: h.token, headers: { origin: 'http://evil.example' } })).status).toBe(403);
    expect((await refusal({ agent_id: 'bad id!', token: h.token })).status).toBe(400);
    const taken = await refusal({ agent_id: 'echo', token: h.token });
    expect([taken.status, JSON.parse(taken.body).error.code]).toEqual([409, 'AGENT_EXISTS']);
  });

  it('opens /gateway/connect with a per-agent token for its own agent_id only, and nothing else', async () => {
    const created = await api('POST', '/agents/field-bot/tokens');
    expect(created.status).toBe(201);
    const token = created.body.token as string;
    const viaHeader = await connect({ agent_id: 'field-bot', token });
    expect(viaHeader.connected.agent_id).toBe('field-bot');
    viaHeader.close();
    await viaHeader.closed;
    const viaQuery = await connect({ agent_id: 'field-bot', token, tokenInQuery: true });
    expect(viaQuery.connected.agent_id).toBe('field-bot');
    expect((await refusal({ agent_id: 'someone-else', token })).status).toBe(401);
    for (const path of ['/agents', '/gateway/agents', '/tasks']) {
      expect((await fetch(h.url + path, { headers: { authorization: `Bearer ${token}` } })).status).toBe(401);
    }
    await expect(connectRawAgent(h.url, { agent_id: 'x', token }).catch((error) => error)).resolves.toBeInstanceOf(UpgradeRefused);
    expect(h.logLines.join('\n')).not.toContain(token);

    const { tokens } = (await api('GET', '/agents/field-bot/tokens')).body;
    expect(tokens).toEqual([{ token_id: created.body.token_id, agent_id: 'field-bot', created_at: expect.any(String), last_used_at: expect.any(String) }]);
    expect((await api('DELETE', `/agents/field-bot/tokens/${created.body.token_id}`)).status).toBe(204);
    expect((await viaQuery.closed).code).toBe(4003);
    expect((await refusal({ agent_id: 'field-bot', token })).status).toBe(401);
  });

  it('accepts the management token as ?token= and never logs it', async () => {
    const agent = await connect({ agent_id: 'query-token', tokenInQuery: true });
    expect(agent.connected.agent_id).toBe('query-token');
    expect(h.logLines.join('\n')).not.toContain(h.token);
  });
});

describe('HTTP face', () => {
  it('POST /gateway/send delivers to a connected agent and answers with the spec\'s shape', async () => {
    const inbox = await connect({ agent_id: 'inbox' });
    const sent = await api('POST', '/gateway/send', { from_agent_id: 'sender-001', to_agent_id: 'inbox', conversation_id: 'conv-http', content: [{ type: 'text', text: 'Hello' }], metadata: {} });
    expect(sent).toEqual({ status: 200, body: { message_id: expect.stringMatching(/^msg-/), status: 'delivered', conversation_id: 'conv-http', timestamp: expect.any(String) } });
    expect(await inbox.next('message')).toMatchObject({ message_id: sent.body.message_id, from_agent_id: 'sender-001', conversation_id: 'conv-http' });
  });

  it('answers with the spec\'s error codes', async () => {
    const offline = await api('POST', '/gateway/send', { from_agent_id: 'a', to_agent_id: 'not-connected', content: 'hi' });
    expect([offline.status, offline.body.error.code]).toEqual([404, 'AGENT_NOT_FOUND']);
    const invalid = await api('POST', '/gateway/send', { from_agent_id: 'a', content: 'no target' });
    expect([invalid.status, invalid.body.error.code]).toEqual([400, 'INVALID_MESSAGE']);
    const malformed = await fetch(`${h.url}/gateway/send`, { method: 'POST', headers: { authorization: `Bearer ${h.token}`, 'content-type': 'application/json' }, body: '{"from_agent_id":' });
    expect([malformed.status, ((await malformed.json()) as any).error.code]).toEqual([400, 'INVALID_MESSAGE']);
    const unknown = await api('GET', '/gateway/agents/never-seen');
    expect([unknown.status, unknown.body.error.code]).toEqual([404, 'AGENT_NOT_FOUND']);
  });

  it('holds a wait_for_result request until the receiver answers, or answers 504 TIMEOUT', async () => {
    const worker = await connect({ agent_id: 'worker' });
    const waiting = api('POST', '/gateway/send', { from_agent_id: 'client-1', to_agent_id: 'worker', content: 'add 2 and 2', wait_for_result: true, timeout_ms: 5_000 });
    const message = await worker.next('message');
    worker.send({ type: 'result', conversation_id: message.conversation_id, success: true, result: { sum: 4 } });
    const answered = await waiting;
    expect(answered.body).toMatchObject({ status: 'delivered', message_id: message.message_id, result: { success: true, result: { sum: 4 }, from_agent_id: 'worker' } });
    const timedOut = await api('POST', '/gateway/send', { from_agent_id: 'client-1', to_agent_id: 'worker', content: 'never answered', wait_for_result: true, timeout_ms: 200 });
    expect([timedOut.status, timedOut.body.error.code]).toEqual([504, 'TIMEOUT']);
  });

  it('GET /gateway/status reports the spec\'s fields', async () => {
    const { body } = await api('GET', '/gateway/status');
    expect(body).toEqual({ status: 'running', version: expect.stringMatching(/^\d+\.\d+\.\d+/), uptime_seconds: expect.any(Number), connected_agents: expect.any(Number), total_messages: expect.any(Number) });
    expect(body.connected_agents).toBeGreaterThan(0);
    expect(body.total_messages).toBeGreaterThanOrEqual(4);
  });
});
