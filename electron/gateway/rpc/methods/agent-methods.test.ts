import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from '../../testing/gateway-harness.js';
import { codeOf, rpcClient, type RpcClient } from '../../testing/rpc-client.js';
import { scriptAgent, until } from '../../testing/task-helpers.js';
import { connectRawAgent } from '../../testing/raw-hub-agent.js';

// agent.* methods against a real gateway: model agents through the scripted upstream, a
// command agent, a remote agent over the hub; the spec's AgentStatus values and error codes.
let h: Harness;
let rpc: RpcClient;

beforeAll(async () => {
  h = await startHarness({
    config: (upstream) => ({
      providers: [{ id: 'chatty', type: 'openai-chat', baseUrl: `${upstream}/v1`, apiKey: 'sk-upstream-chat-secret', models: ['chat-model'] }],
      routes: [{ match: 'gpt-*', to: ['chatty:chat-model'] }, { match: 'claude-*', to: ['chatty:chat-model'] }],
      agents: [scriptAgent('slowpoke', 'slow-agent', {}, ['{prompt}', '30'])],
    }),
  });
  rpc = rpcClient(h.url, h.token);
});
afterAll(() => h.close());

describe('agent.initialize', () => {
  it('answers the highest version of the caller\'s major and the features both sides have', async () => {
    const answer = await rpc.call('agent.initialize', { agent_id: 'claude-001', protocol_version: '1.4.2', supported_features: ['env_switching', 'metrics_reporting', 'telepathy'] });
    expect(answer).toMatchObject({ agent_id: 'claude-001', protocol_version: '1.0.0', accepted_features: ['env_switching', 'metrics_reporting'] });
    expect(answer.server_features).toContain('coordination_locks');
  });

  it('refuses another major version with -40003 and the versions it speaks', async () => {
    await expect(rpc.call('agent.initialize', { agent_id: 'x', protocol_version: '2.0.0' })).rejects.toMatchObject({ code: -40003, data: { supported_versions: ['1.0.0'] } });
  });
});

describe('agent.register', () => {
  it('creates a model agent for claude, openai and generic, listed in the registry as kind model', async () => {
    expect(await rpc.call('agent.register', { agent_id: 'claude-001', adapter_type: 'claude', config: { model: 'claude-sonnet', system_prompt: 'Be brief.', temperature: 0.2, max_tokens: 300 } })).toMatchObject({ agent_id: 'claude-001', kind: 'model', status: 'idle' });
    await rpc.call('agent.register', { agent_id: 'gpt-001', adapter_type: 'openai', config: { model: 'gpt-4o' } });
    const listed = (await (await fetch(`${h.url}/agents/claude-001`, { headers: { authorization: `Bearer ${h.token}` } })).json()) as any;
    expect(listed).toMatchObject({ kind: 'model', state: 'online', model: { adapterType: 'claude', model: 'claude-sonnet', systemPrompt: 'Be brief.', temperature: 0.2, maxTokens: 300 } });
  });

  it('registers one of the CLI adapters for any other adapter type', async () => {
    const answer = await rpc.call('agent.register', { agent_id: 'cli-1', adapter_type: 'command', config: { path: process.execPath, args: ['-e', 'console.log(1)'], max_concurrent: 2 } });
    expect(answer).toMatchObject({ kind: 'process', status: 'idle' });
    expect(h.gateway.services.agents.configOf('cli-1')).toMatchObject({ adapter: 'command', maxConcurrent: 2 });
  });

  it('answers -40002 for an id that exists, -40003 for an agent that cannot start, -32602 for an unknown adapter type', async () => {
    expect(await codeOf(rpc.call('agent.register', { agent_id: 'claude-001', adapter_type: 'openai', config: { model: 'gpt-4o' } }))).toBe(-40002);
    expect(await codeOf(rpc.call('agent.register', { agent_id: 'slowpoke', adapter_type: 'generic', config: { model: 'gpt-4o' } }))).toBe(-40002);
    await expect(rpc.call('agent.register', { agent_id: 'nowhere', adapter_type: 'generic', config: { model: 'llama-unrouted' } })).rejects.toMatchObject({ code: -40003, message: expect.stringContaining('llama-unrouted') });
    expect(await codeOf(rpc.call('agent.register', { agent_id: 'nomodel', adapter_type: 'claude' }))).toBe(-40003);
    expect(await codeOf(rpc.call('agent.register', { agent_id: 'ghost', adapter_type: 'command', config: { path: '/no/such/program' } }))).toBe(-40003);
    expect(h.gateway.services.agents.kindOf('nowhere')).toBeUndefined();
    expect(h.gateway.services.agents.kindOf('ghost')).toBeUndefined();
    await expect(rpc.call('agent.register', { agent_id: 'z', adapter_type: 'skynet' })).rejects.toMatchObject({ code: -32602, message: expect.stringContaining('claude, openai, generic') });
  });
});

describe('agent.status, agent.shutdown, agent.restart', () => {
  it('reports status, current task, metrics and last heartbeat; -40001 for no such agent', async () => {
    const answer = await rpc.call('agent.status', { agent_id: 'gpt-001' });
    expect(answer).toMatchObject({ agent_id: 'gpt-001', status: 'idle', current_task: null, metrics: { agent_id: 'gpt-001', status: 'idle', cpu_percent: null, memory_mb: null, task_count: 0 } });
    expect(Date.parse(answer.last_heartbeat)).not.toBeNaN();
    expect(await codeOf(rpc.call('agent.status', { agent_id: 'nobody' }))).toBe(-40001);
  });

  it('shows a running process agent as running with its task and the CPU and memory of its process', async () => {
    const { body } = await fetch(`${h.url}/tasks`, { method: 'POST', headers: { authorization: `Bearer ${h.token}`, 'content-type': 'application/json' }, body: JSON.stringify({ target: 'slowpoke', payload: { task: 'work' } }) }).then(async (r) => ({ body: (await r.json()) as any }));
    await until(async () => (await rpc.call('agent.status', { agent_id: 'slowpoke' })).current_task === body.task_id, 10_000, 'slowpoke running');
    const status = await rpc.call('agent.status', { agent_id: 'slowpoke' });
    expect(status.status).toBe('busy');
    expect(status.metrics.memory_mb).toBeGreaterThan(5);
    expect(status.metrics.cpu_percent).toEqual(expect.any(Number));
  });

  it('shuts an agent down (its running task cancelled with force) and restarts it', async () => {
    const stopped = await rpc.call('agent.shutdown', { agent_id: 'slowpoke', force: true });
    expect(stopped).toMatchObject({ agent_id: 'slowpoke', status: 'stopped', final_metrics: { agent_id: 'slowpoke', status: 'stopped', cpu_percent: null, uptime_seconds: null } });
    expect(h.gateway.services.taskStore.withStatus('running')).toEqual([]);
    expect(await codeOf(rpc.call('task.execute', { agent_ids: ['slowpoke'], task: { prompt: 'x' } }))).toBe(-40004);
    const started = await rpc.call('agent.restart', { agent_id: 'slowpoke' });
    expect(started).toMatchObject({ agent_id: 'slowpoke', status: 'idle', preserved_state: true });
    expect(await codeOf(rpc.call('agent.shutdown', { agent_id: 'nobody' }))).toBe(-40001);
    expect(await codeOf(rpc.call('agent.restart', { agent_id: 'nobody' }))).toBe(-40001);
  });

  it('waits for a running task within the timeout before it stops a model agent gracefully', async () => {
    await rpc.call('agent.shutdown', { agent_id: 'gpt-001', timeout: 5 });
    expect((await rpc.call('agent.status', { agent_id: 'gpt-001' })).status).toBe('stopped');
    await rpc.call('agent.restart', { agent_id: 'gpt-001' });
    expect((await rpc.call('agent.status', { agent_id: 'gpt-001' })).status).toBe('idle');
  });

  it('leaves a remote agent to itself: -40402, and shows it stopped once it disconnects', async () => {
    const agent = await connectRawAgent(h.url, { agent_id: 'far-away', token: h.token });
    expect((await rpc.call('agent.status', { agent_id: 'far-away' })).status).toBe('idle');
    expect(await codeOf(rpc.call('agent.shutdown', { agent_id: 'far-away' }))).toBe(-40402);
    expect(await codeOf(rpc.call('agent.restart', { agent_id: 'far-away' }))).toBe(-40402);
    agent.close();
    await agent.closed;
    await until(async () => (await rpc.call('agent.status', { agent_id: 'far-away' })).status === 'stopped', 5_000, 'remote agent stopped');
  });
});
