import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from '../../testing/gateway-harness.js';
import { codeOf, rpcClient, type RpcClient } from '../../testing/rpc-client.js';
import { apiOf, scriptAgent, taskMessage, until, waitForTask } from '../../testing/task-helpers.js';

// metrics.* and tokens.*: the sampler reading real processes, reports of remote agents,
// queries with aggregation and intervals, and usage booked once.
let h: Harness;
let rpc: RpcClient;

beforeAll(async () => {
  h = await startHarness({
    config: (upstream) => ({
      providers: [{ id: 'chatty', type: 'openai-chat', baseUrl: `${upstream}/v1`, apiKey: 'sk-upstream-chat-secret', models: ['chat-model'] }],
      routes: [{ match: '*', to: ['chatty:chat-model'] }],
      prices: { 'chat-model': { input: 1, output: 2 } },
      agents: [scriptAgent('sleeper', 'slow-agent', {}, ['{prompt}', '{prompt}']), scriptAgent('echo', 'echo-agent')],
      metrics: { sampleIntervalS: 0 },
    }),
  });
  rpc = rpcClient(h.url, h.token);
  await rpc.call('agent.register', { agent_id: 'claude-001', adapter_type: 'claude', config: { model: 'claude-x' } });
});
afterAll(() => h.close());

const sampler = () => h.gateway.services.rpc.services.sampler;

describe('metrics', () => {
  it('samples a running agent\'s processes (CPU, memory, disk I/O) and leaves figures it cannot have null', async () => {
    const api = apiOf(h);
    const { body } = await api('POST', '/tasks', taskMessage('2', 'sleeper'));
    await until(() => h.gateway.services.taskStore.get(body.task_id)?.status === 'running', 10_000, 'running');
    const samples = await sampler().tick();
    const sleeper = samples.find((sample) => sample.agent_id === 'sleeper')!;
    expect(sleeper).toMatchObject({ status: 'busy', memory_mb: expect.any(Number), cpu_percent: expect.any(Number) });
    expect(sleeper.memory_mb!).toBeGreaterThan(5);
    if (process.platform === 'linux') expect(sleeper.disk_io_kb).toEqual(expect.any(Number));
    const model = samples.find((sample) => sample.agent_id === 'claude-001')!;
    expect(model).toMatchObject({ cpu_percent: null, memory_mb: null, disk_io_kb: null, status: 'idle' });
    expect(samples.find((sample) => sample.agent_id === 'gateway')).toMatchObject({ memory_mb: expect.any(Number) });
    await waitForTask(api, body.task_id);
    const after = (await sampler().tick()).find((sample) => sample.agent_id === 'sleeper')!;
    expect(after).toMatchObject({ status: 'idle', cpu_percent: null, memory_mb: null, task_count: 1, error_count: 0 });
    expect(after.response_time_ms).toBeGreaterThan(1_500);
  });

  it('counts the bytes the gateway carried for a model agent', async () => {
    await rpc.call('task.execute', { agent_ids: ['claude-001'], task: { prompt: 'hello there' } });
    const sample = (await sampler().tick()).find((entry) => entry.agent_id === 'claude-001')!;
    expect(sample.network_io_kb).toBeGreaterThan(0.1);
  });

  it('takes reports (accepted) and refuses unknown agents (-40001) and stale reports (accepted false)', async () => {
    // A report stamped with the same millisecond as a stored sample still reads back as the latest.
    const sampled = (await sampler().tick()).find((entry) => entry.agent_id === 'echo')!;
    const metrics = { agent_id: 'echo', timestamp: sampled.timestamp, status: 'running', cpu_percent: 12.5, memory_mb: 256, disk_io_kb: 10, network_io_kb: 20, response_time_ms: 300, error_count: 1, task_count: 9, uptime_seconds: 3600 };
    expect(await rpc.call('metrics.report', { metrics, additional_data: { gpu: 'none' } })).toMatchObject({ accepted: true });
    expect(await rpc.call('metrics.report', { metrics: { ...metrics, timestamp: '2001-01-01T00:00:00Z' } })).toMatchObject({ accepted: false });
    expect(await codeOf(rpc.call('metrics.report', { metrics: { ...metrics, agent_id: 'nobody' } }))).toBe(-40001);
    expect(await codeOf(rpc.call('metrics.report', { metrics: { ...metrics, status: 'dancing' } }))).toBe(-32602);
    const queried = await rpc.call('metrics.query', { agent_id: 'echo', metric_types: ['cpu_percent', 'memory_mb'] });
    expect(queried.metrics.at(-1)).toEqual({ agent_id: 'echo', timestamp: metrics.timestamp, status: 'running', cpu_percent: 12.5, memory_mb: 256 });
  });

  it('aggregates and buckets: avg, max, min, sum per metric, one sample per agent and interval', async () => {
    // On a 30 s boundary, so the first two samples share a bucket and the third has its own.
    const base = Math.floor((Date.now() - 120_000) / 30_000) * 30_000;
    for (const [offset, cpu] of [[0, 10], [1_000, 30], [31_000, 50]] as const) {
      await rpc.call('metrics.report', { metrics: { agent_id: 'echo', timestamp: new Date(base + offset).toISOString(), status: 'running', cpu_percent: cpu, memory_mb: null } });
    }
    const window = { agent_id: 'echo', start_time: new Date(base - 1).toISOString(), end_time: new Date(base + 40_000).toISOString(), metric_types: ['cpu_percent', 'memory_mb'] };
    expect((await rpc.call('metrics.query', { ...window, aggregation: 'avg' })).aggregated).toEqual({ cpu_percent: 30 });
    expect((await rpc.call('metrics.query', { ...window, aggregation: 'max' })).aggregated).toEqual({ cpu_percent: 50 });
    expect((await rpc.call('metrics.query', { ...window, aggregation: 'sum' })).aggregated).toEqual({ cpu_percent: 90 });
    const bucketed = await rpc.call('metrics.query', { ...window, aggregation: 'min', interval: 30 });
    expect(bucketed.total_count).toBe(3);
    expect(bucketed.metrics.map((sample: any) => [sample.timestamp, sample.cpu_percent])).toEqual([[new Date(base).toISOString(), 10], [new Date(base + 30_000).toISOString(), 50]]);
    expect(bucketed.metrics.every((sample: any) => sample.memory_mb === null)).toBe(true);
    expect(await codeOf(rpc.call('metrics.query', { metric_types: ['happiness'] }))).toBe(-32602);
    expect(await codeOf(rpc.call('metrics.query', { start_time: 'yesterday' }))).toBe(-32602);
  });
});

describe('tokens', () => {
  it('books agent-reported usage once, never twice for calls that went through the gateway', async () => {
    h.upstream.script({ text: 'ok', usage: { input: 100, output: 10 } });
    const [result] = await rpc.call('task.execute', { agent_ids: ['claude-001'], task: { id: 'tok-1', prompt: 'count' } });
    expect(result.tokens_used).toMatchObject({ input_tokens: 100, output_tokens: 10 });
    // The agent reports its total, the gateway call included: only the rest is new.
    const first = await rpc.call('tokens.usage', { task_id: 'tok-1', usage: { input_tokens: 150, output_tokens: 10, total_tokens: 160, model: 'chat-model' } });
    expect(first).toMatchObject({ booked: { input_tokens: 50, output_tokens: 0 }, total: { input_tokens: 150, output_tokens: 10 } });
    const again = await rpc.call('tokens.usage', { task_id: 'tok-1', usage: { input_tokens: 150, output_tokens: 10 } });
    expect(again.booked).toMatchObject({ input_tokens: 0, output_tokens: 0 });
    expect((await rpc.call('task.result', { task_id: 'tok-1' })).tokens_used).toMatchObject({ input_tokens: 150, output_tokens: 10, total_tokens: 160 });
    expect(await codeOf(rpc.call('tokens.usage', { task_id: 'nope', usage: { input_tokens: 1, output_tokens: 1 } }))).toBe(-40101);
  });

  it('summarises by model, task type, peak hour and provider cost', async () => {
    const summary = await rpc.call('tokens.summary', { agent_id: 'claude-001', timeframe: 'day' });
    expect(summary.total_usage.input_tokens).toBeGreaterThanOrEqual(150);
    expect(summary.usage_by_model['chat-model']).toMatchObject({ model: 'chat-model' });
    expect(summary.usage_by_task_type['model:claude']).toBeDefined();
    expect(summary.peak_usage_time).toMatch(/^\d{4}-\d\d-\d\dT\d\d:00:00Z$/);
    expect(summary.cost_breakdown.chatty).toBeGreaterThan(0);
    const empty = await rpc.call('tokens.summary', { start_time: '2001-01-01T00:00:00Z', end_time: '2001-01-02T00:00:00Z' });
    expect(empty).toMatchObject({ total_usage: { input_tokens: 0, total_tokens: 0 }, peak_usage_time: null, usage_by_model: {} });
    expect(await codeOf(rpc.call('tokens.summary', { agent_id: 'nobody' }))).toBe(-40001);
  });
});
