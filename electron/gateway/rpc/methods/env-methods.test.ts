import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from '../../testing/gateway-harness.js';
import { codeOf, rpcClient, type RpcClient } from '../../testing/rpc-client.js';
import { apiOf, scriptAgent, taskMessage, waitForTask } from '../../testing/task-helpers.js';
import { connectRawAgent } from '../../testing/raw-hub-agent.js';

// env.* methods: presets from the config reach the next task's environment (a command agent
// that prints it) and a model agent's model; snapshots, checksums, rollback; secrets sealed.
const SECRET = 'sk-preset-override-secret-0123456789';
let h: Harness;
let rpc: RpcClient;

beforeAll(async () => {
  h = await startHarness({
    config: (upstream) => ({
      providers: [{ id: 'chatty', type: 'openai-chat', baseUrl: `${upstream}/v1`, apiKey: 'sk-upstream-chat-secret', models: ['chat-model'] }],
      routes: [{ match: '*', to: ['chatty:chat-model'] }],
      agents: [scriptAgent('printer', 'env-agent', {}, [])],
      presets: {
        'anthropic-claude-sonnet': { description: 'Claude Sonnet through the gateway', variables: { ANTHROPIC_MODEL: 'claude-sonnet-4-5', MESH_MODE: 'sonnet' } },
        'openai-gpt4': { variables: { OPENAI_MODEL: 'gpt-4o', MESH_MODE: 'gpt4' } },
      },
    }),
  });
  rpc = rpcClient(h.url, h.token);
});
afterAll(() => h.close());

const envOfNextTask = async () => {
  const api = apiOf(h);
  const { body } = await api('POST', '/tasks', taskMessage('print', 'printer'));
  await waitForTask(api, body.task_id);
  const events = (await api('GET', `/tasks/${body.task_id}/events`)).body.events as { body: { kind: string; text?: string } }[];
  return events.map((event) => event.body.text ?? '').filter((text) => /^[A-Z_]+=/.test(text));
};

describe('the spec\'s env switch flow', () => {
  it('snapshots, switches (applying to the next task only), and rolls back', async () => {
    const before = await rpc.call('env.snapshot', { snapshot_id: 'before-switch', description: '切换前备份' });
    expect(before).toMatchObject({ snapshot_id: 'before-switch', agent_id: '*', preset_name: 'none', variables: {}, checksum: expect.stringMatching(/^[0-9a-f]{64}$/), description: '切换前备份' });
    const switched = await rpc.call('env.switch', { preset: 'openai-gpt4', create_snapshot: true });
    expect(switched).toMatchObject({ previous_preset: 'none', current_preset: 'openai-gpt4', snapshot_id: expect.stringMatching(/^snap_/) });
    expect(await envOfNextTask()).toEqual(expect.arrayContaining(['MESH_MODE=gpt4', 'OPENAI_MODEL=gpt-4o']));
    const rolled = await rpc.call('env.rollback', { snapshot_id: 'before-switch' });
    expect(rolled).toMatchObject({ snapshot: { snapshot_id: 'before-switch', preset_name: 'none' } });
    expect((await envOfNextTask()).some((line) => line.startsWith('MESH_MODE='))).toBe(false);
  });

  it('switches one agent over the `*` default, and a model agent to the preset\'s model', async () => {
    await rpc.call('env.switch', { preset: 'openai-gpt4' });
    await rpc.call('env.switch', { agent_id: 'printer', preset: 'anthropic-claude-sonnet', variables: { EXTRA: 'yes' } });
    expect(await envOfNextTask()).toEqual(expect.arrayContaining(['MESH_MODE=sonnet', 'ANTHROPIC_MODEL=claude-sonnet-4-5', 'EXTRA=yes']));
    await rpc.call('agent.register', { agent_id: 'gpt-001', adapter_type: 'openai', config: { model: 'gpt-3.5' } });
    await rpc.call('task.execute', { agent_ids: ['gpt-001'], task: { prompt: 'hi' } });
    expect(h.upstream.requests.filter((request) => request.protocol === 'chat').at(-1)!.body).toBeDefined();
    // The model agent inherited the `*` preset: OPENAI_MODEL picks its model.
    const row = h.gateway.services.ledger.recent(1)[0]!;
    expect(row.requestedModel).toBe('gpt-4o');
  });

  it('seals secret values: never in clear in the database or an answer, yet given to the agent', async () => {
    const switched = await rpc.call('env.switch', { agent_id: 'printer', preset: 'openai-gpt4', variables: { OPENAI_API_KEY: SECRET }, create_snapshot: true });
    const snapshot = await rpc.call('env.snapshot', { agent_id: 'printer', snapshot_id: 'with-secret' });
    expect(snapshot.variables).toMatchObject({ OPENAI_API_KEY: '***', OPENAI_MODEL: 'gpt-4o' });
    const listed = await rpc.call('env.list_snapshots', { agent_id: 'printer' });
    expect(listed.total_count).toBe(2);
    expect(JSON.stringify(listed)).not.toContain(SECRET);
    expect(switched.snapshot_id).toBeDefined();
    h.gateway.services.db.pragma('wal_checkpoint(TRUNCATE)');
    const file = readFileSync(join(h.dataDir, 'agentmesh.db'));
    expect(file.includes(SECRET)).toBe(false);
    const lines = await envOfNextTask();
    // The agent gets it; its task log shows it masked.
    expect(lines).toContain('OPENAI_API_KEY=***');
  });

  it('refuses a rollback to an altered snapshot (-40204) unless forced', async () => {
    h.gateway.services.db.prepare("UPDATE env_snapshots SET variables = json_set(variables, '$.OPENAI_MODEL', 'evil-model') WHERE id = 'with-secret'").run();
    expect(await codeOf(rpc.call('env.rollback', { snapshot_id: 'with-secret' }))).toBe(-40204);
    expect(await rpc.call('env.rollback', { snapshot_id: 'with-secret', force: true })).toMatchObject({ snapshot: { variables: { OPENAI_MODEL: 'evil-model' } } });
  });
});

describe('env errors', () => {
  it('-40201 unknown preset, -40203 unknown snapshot, -40205 bad variables, -40001 unknown agent, -32602 a taken snapshot id', async () => {
    expect(await codeOf(rpc.call('env.switch', { preset: 'nope' }))).toBe(-40201);
    expect(await codeOf(rpc.call('env.rollback', { snapshot_id: 'nope' }))).toBe(-40203);
    expect(await codeOf(rpc.call('env.switch', { preset: 'openai-gpt4', variables: { '1BAD': 'x' } }))).toBe(-40205);
    expect(await codeOf(rpc.call('env.switch', { preset: 'openai-gpt4', variables: { AGENTMESH_TOKEN: 'x' } }))).toBe(-40205);
    expect(await codeOf(rpc.call('env.switch', { agent_id: 'nobody', preset: 'openai-gpt4' }))).toBe(-40001);
    expect(await codeOf(rpc.call('env.snapshot', { snapshot_id: 'before-switch' }))).toBe(-32602);
  });

  it('-40202 for a remote agent: the gateway does not spawn it', async () => {
    const agent = await connectRawAgent(h.url, { agent_id: 'far-away', token: h.token });
    expect(await codeOf(rpc.call('env.switch', { agent_id: 'far-away', preset: 'openai-gpt4' }))).toBe(-40202);
    agent.close();
  });
});
