import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHubGateway, type HubGateway } from '../testing/hub-gateway.js';
import { connectRawAgent, type RawHubAgent } from '../testing/raw-hub-agent.js';
import { scriptAgent, waitForTask } from '../testing/task-helpers.js';

// GET /api/v1/agents/catalog (every layer) and POST /api/v1/agents/deploy, on a gateway that
// restarts in place, with a remote agent connected over the hub.
let g: HubGateway;
let remote: RawHubAgent;

beforeAll(async () => {
  g = await startHubGateway({
    agents: [
      { id: 'codex', adapter: 'codex', path: '/nonexistent/codex', sandbox: 'read-only', routeModelsThroughGateway: true, model: 'gpt-x' },
      { id: 'claude', adapter: 'claude-code', path: '/nonexistent/claude', permissionMode: 'default', allowedTools: ['Bash(npm test:*)'], capabilities: ['review'] },
      scriptAgent('echo', 'echo-agent', { maxConcurrent: 2, capabilities: ['docs'] }),
    ],
    budgets: { overall: { monthly: { limitUsd: 100 } }, agents: { claude: { daily: { limitUsd: 5 } } } },
  });
  remote = await connectRawAgent(g.url, { token: g.token, agent_id: 'far', capabilities: 'search' });
});
afterAll(async () => {
  remote.close();
  await g.close();
});

const catalog = async (layer?: string) => (await g.api('GET', `/api/v1/agents/catalog${layer ? `?layer=${layer}` : ''}`)).body;
const agentIn = (body: any, id: string) => body.agents.find((agent: any) => agent.id === id);
const deploy = (body: Record<string, unknown>) => g.api('POST', '/api/v1/agents/deploy', body);

describe('GET /api/v1/agents/catalog', () => {
  it('gives the summary layer by default: role, state, source and tags, with instance counts', async () => {
    const body = await catalog();
    expect(body.layer).toBe('summary');
    // Default orchestrator: the first Codex agent.
    expect(body.orchestrator).toBe('codex');
    expect(agentIn(body, 'codex').capabilities).toEqual({ summary: { role: 'orchestrator', state: 'offline', source: 'config', tags: ['code', 'edit', 'shell', 'review'] } });
    expect(agentIn(body, 'echo')).toMatchObject({ kind: 'process', adapter: 'command', instances: { running: 0, queued: 0, max: 2 }, capabilities: { summary: { role: 'executor', source: 'config', tags: ['docs'] } } });
    expect(agentIn(body, 'far')).toMatchObject({ kind: 'remote', state: 'online', capabilities: { summary: { source: 'connected', tags: ['search'] } } });
    expect(body.startupTemplates.map((template: any) => template.id)).toEqual(['orchestrator-loop', 'reviewer-loop', 'executor-loop']);
    expect(body.startupTemplates[0]).toMatchObject({ role: 'orchestrator', defaultBaseAgentId: 'codex', tools: expect.arrayContaining(['agent.dispatch', 'task.result']) });
    expect(body.startupTargets.map((target: any) => target.id)).toEqual(expect.arrayContaining(['codex', 'claude', 'echo', 'far']));
  });

  it('adds tools, dispatch targets and control actions in the execution layer', async () => {
    const body = await catalog('execution');
    const codex = agentIn(body, 'codex').capabilities;
    expect(codex.governance).toBeUndefined();
    expect(codex.execution.tools).toEqual(expect.arrayContaining(['exec_command', 'agent.list', 'agent.capabilities', 'agent.deploy', 'agent.dispatch', 'agent.control']));
    expect(codex.execution.dispatchTargets).toEqual(['claude', 'echo', 'far']);
    expect(codex.execution.controlActions).toEqual(['status', 'pause', 'resume', 'interrupt', 'cancel']);
    expect(agentIn(body, 'claude').capabilities.execution).toMatchObject({ tools: expect.arrayContaining(['Bash', 'Edit']), dispatchTargets: [] });
    expect(agentIn(body, 'far').capabilities.execution.controlActions).toEqual(['status', 'pause', 'resume', 'cancel']);
  });

  it('adds allow/deny, approval, provider and session governance in the governance layer', async () => {
    const body = await catalog('governance');
    expect(agentIn(body, 'claude').capabilities.execution).toBeUndefined();
    expect(agentIn(body, 'claude').capabilities.governance).toEqual({
      allow: ['Bash(npm test:*)'],
      deny: [],
      approvalRequired: true,
      permissionMode: 'default',
      sandbox: null,
      provider: { routedThroughGateway: false, model: null, budgets: [{ scope: 'overall', period: 'monthly', limitUsd: 100 }, { scope: 'agent', period: 'daily', limitUsd: 5 }] },
      session: { maxConcurrent: 1, timeoutMs: null, paused: false, deployments: 0 },
    });
    expect(agentIn(body, 'codex').capabilities.governance).toMatchObject({ approvalRequired: true, sandbox: 'read-only', permissionMode: null, provider: { routedThroughGateway: true, model: 'gpt-x' } });
  });

  it('merges execution and governance in the full layer, and refuses an unknown layer', async () => {
    const full = agentIn(await catalog('full'), 'echo').capabilities;
    expect(Object.keys(full).sort()).toEqual(['execution', 'governance', 'summary']);
    const bad = await g.api('GET', '/api/v1/agents/catalog?layer=everything');
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toContain('query.layer');
  });
});

describe('POST /api/v1/agents/deploy', () => {
  it("adds concurrency slots to a CLI agent, which stay deployed across a restart", async () => {
    const res = await deploy({ targetAgentId: 'echo', instanceCount: 3 });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ agentId: 'echo', templateId: null, baseAgentId: null, scope: 'global', launchMode: 'manual', instanceCount: 3, instances: { max: 5 } });
    expect(res.body.deploymentId).toMatch(/^dep_/);
    const body = await catalog('governance');
    expect(agentIn(body, 'echo').instances.max).toBe(5);
    expect(agentIn(body, 'echo').capabilities.governance.session.deployments).toBe(1);
    expect(body.startupTargets.map((target: any) => target.id)).not.toContain('echo');
    await g.restart();
    expect(agentIn(await catalog(), 'echo').instances.max).toBe(5);
    await g.api('POST', '/api/v1/agents/control', { action: 'cancel', targetAgentId: 'echo' });
    expect(agentIn(await catalog(), 'echo').instances.max).toBe(2);
  });

  it("derives an agent from a template: the role's prompt reaches it and it shows as a service", async () => {
    const res = await deploy({ targetImplementationId: 'reviewer-loop', targetAgentId: 'echo', instanceCount: 2 });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ templateId: 'reviewer-loop', baseAgentId: 'echo', instances: { max: 2 } });
    expect(res.body.agentId).toMatch(/^reviewer-loop-[0-9a-f]{6}$/);
    const derived = agentIn(await catalog('full'), res.body.agentId);
    expect(derived.capabilities.summary).toMatchObject({ role: 'reviewer', source: 'service', tags: ['docs'] });
    expect(derived.capabilities.governance.allow).toContain('Read');
    const sent = await g.api('POST', '/api/v1/agents/dispatch', { targetAgentId: res.body.agentId, task: 'look at the diff', blocking: true });
    expect(sent.body.status).toBe('completed');
    expect(sent.body.result).toMatch(/^done: You are a reviewer\.[\s\S]*look at the diff$/);
  });

  it('applies config overrides to a derived agent, and ends session-scoped instances with their session', async () => {
    const res = await deploy({ targetAgentId: 'echo', scope: 'session', sessionId: 'sess-pool', config: { model: 'tiny', timeoutMs: 60_000 } });
    const id = res.body.agentId;
    expect(id).toMatch(/^echo-[0-9a-f]{6}$/);
    expect(agentIn(await catalog('governance'), id).capabilities.governance).toMatchObject({ provider: { model: 'tiny' }, session: { timeoutMs: 60_000, maxConcurrent: 1 } });
    const queued = await g.api('POST', '/api/v1/agents/dispatch', { targetAgentId: id, task: 'in the pool', sessionId: 'sess-pool' });
    await waitForTask(g.api, queued.body.taskId);
    const ended = await g.api('POST', '/api/v1/agents/control', { action: 'cancel', sessionId: 'sess-pool' });
    expect(ended.body.message).toContain('ended 1 deployment(s)');
    expect((await g.api('GET', `/agents/${id}`)).status).toBe(404);
  });

  it('deploys an orchestrator from the template, with the runtime tools', async () => {
    const res = await deploy({ targetImplementationId: 'orchestrator-loop', targetAgentId: 'claude', launchMode: 'orchestrator' });
    const derived = agentIn(await catalog('execution'), res.body.agentId);
    expect(res.body.launchMode).toBe('orchestrator');
    expect(derived.capabilities.summary.role).toBe('orchestrator');
    expect(derived.capabilities.execution.tools).toEqual(expect.arrayContaining(['Bash', 'agent.dispatch']));
  });

  it('refuses what it cannot start', async () => {
    expect((await deploy({ targetImplementationId: 'poet-loop' })).body.error.code).toBe('TEMPLATE_NOT_FOUND');
    expect((await deploy({ targetAgentId: 'far' })).body.error.code).toBe('REMOTE_AGENT');
    expect((await deploy({ targetAgentId: 'ghost' })).body.error.code).toBe('AGENT_NOT_FOUND');
    const unnamed = await deploy({ instanceCount: 2 });
    expect(unnamed.status).toBe(400);
    expect(unnamed.body.error.message).toContain('targetAgentId or targetImplementationId');
    expect((await deploy({ targetAgentId: 'echo', scope: 'session' })).body.error.message).toContain('needs a sessionId');
    expect((await deploy({ targetAgentId: 'echo', config: { maxConcurrent: 'many' } })).status).toBe(400);
  });
});
