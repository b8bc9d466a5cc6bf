import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from '../testing/gateway-harness.js';
import { rpcClient } from '../testing/rpc-client.js';
import { apiOf, scriptAgent, taskMessage, waitForTask } from '../testing/task-helpers.js';

// GET /metrics (Prometheus) and the audit log (GET /audit) as an operator reads them.
let h: Harness;

beforeAll(async () => {
  h = await startHarness({
    config: (upstream) => ({
      providers: [{ id: 'chatty', type: 'openai-chat', baseUrl: `${upstream}/v1`, apiKey: 'sk-upstream-chat-secret', models: ['chat-model'] }],
      routes: [{ match: '*', to: ['chatty:chat-model'] }],
      agents: [scriptAgent('echo', 'echo-agent')],
      presets: { fast: { variables: { MODE: 'fast' } } },
    }),
  });
});
afterAll(() => h.close());

const get = (path: string, token = h.token) => fetch(h.url + path, { headers: { authorization: `Bearer ${token}` } });

describe('GET /metrics', () => {
  it('needs the token', async () => {
    expect((await fetch(`${h.url}/metrics`)).status).toBe(401);
  });

  it('exposes model calls, latency and TTFB, tokens and cost, tasks, agents, hub and breakers', async () => {
    h.upstream.script({ text: 'hi', usage: { input: 12, output: 3 } });
    await fetch(`${h.v1}/chat/completions`, { method: 'POST', headers: { authorization: `Bearer ${h.token}`, 'content-type': 'application/json' }, body: JSON.stringify({ model: 'anything', messages: [{ role: 'user', content: 'hi' }] }) });
    const api = apiOf(h);
    await waitForTask(api, (await api('POST', '/tasks', taskMessage('count', 'echo'))).body.task_id);
    const response = await get('/metrics');
    expect(response.headers.get('content-type')).toContain('text/plain');
    const text = await response.text();
    expect(text).toContain('agentmesh_model_calls_total{provider="chatty",model="chat-model",status="200"} 1');
    expect(text).toMatch(/agentmesh_model_call_duration_seconds_count\{provider="chatty",model="chat-model"\} 1/);
    expect(text).toMatch(/agentmesh_model_call_ttfb_seconds_count\{provider="chatty",model="chat-model"\} 1/);
    expect(text).toContain('agentmesh_tokens_total{provider="chatty",model="chat-model",direction="input"} 12');
    expect(text).toContain('agentmesh_tasks_total{agent="echo",status="completed"} 1');
    expect(text).toMatch(/agentmesh_agents\{kind="process",state="online"\} 1/);
    expect(text).toContain('agentmesh_hub_connections 0');
    expect(text).toContain('agentmesh_provider_circuit_state{provider="chatty"} 0');
    expect(text).toContain('agentmesh_process_resident_memory_bytes');
  });
});

describe('the audit log', () => {
  it('records who changed what on every face: REST, JSON-RPC, the UI contract (session or desktop)', async () => {
    const api = apiOf(h);
    await api('POST', '/tasks', taskMessage('audit me', 'echo'));
    await rpcClient(h.url, h.token).call('env.switch', { preset: 'fast' });
    await rpcClient(h.url, h.token).call('env.list_snapshots', {});
    await h.gateway.handlers['env.switch']({ preset: 'fast', createSnapshot: false });
    const link = new URL(h.gateway.loginLink());
    const login = await fetch(link, { redirect: 'manual' });
    const cookie = login.headers.get('set-cookie')!.split(';')[0]!;
    await fetch(`${h.url}/api/env.snapshot`, { method: 'POST', headers: { cookie, 'content-type': 'application/json' }, body: '{}' });
    await fetch(`${h.url}/api/monitor.locks`, { method: 'POST', headers: { cookie, 'content-type': 'application/json' }, body: '{}' });
    const { entries, total } = (await (await get('/audit?limit=10')).json()) as any;
    expect(total).toBeGreaterThanOrEqual(4);
    const actions = entries.map((entry: any) => [entry.face, entry.action, entry.actor_kind, entry.outcome]);
    expect(actions).toEqual(expect.arrayContaining([
      ['rest', 'POST /tasks', 'management', 'ok'],
      ['rpc', 'env.switch', 'management', 'ok'],
      ['ui', 'env.switch', 'desktop', 'ok'],
      ['ui', 'env.snapshot', 'session', 'ok'],
    ]));
    // Reads are not audited.
    expect(actions.some(([, action]: string[]) => action === 'env.list_snapshots' || action === 'monitor.locks')).toBe(false);
    const failed = await rpcClient(h.url, h.token).call('env.switch', { preset: 'missing' }).catch((error) => error);
    expect(failed.code).toBe(-40201);
    const latest = ((await (await get('/audit?limit=1&face=rpc')).json()) as any).entries[0];
    expect(latest).toMatchObject({ face: 'rpc', action: 'env.switch', target: 'missing', outcome: '-40201', actor: 'management token' });
  });
});
