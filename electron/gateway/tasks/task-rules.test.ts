import { describe, expect, it } from 'vitest';
import type { AgentInfo, AgentState } from '../../../shared/schemas/agent.js';
import { taskRoutingSchema, type TaskRoutingConfig } from '../../../shared/schemas/task-routing.js';
import { routeTask } from './task-rules.js';

const agent = (id: string, state: AgentState = 'online', capabilities: string[] = [], running = 0): AgentInfo => ({
  id,
  name: id,
  kind: 'process',
  type: 'command',
  adapter: 'command',
  capabilities,
  endpoint: null,
  state,
  version: null,
  path: null,
  detectError: state === 'offline' ? `${id} not found on PATH` : null,
  running,
  queued: 0,
  maxConcurrent: 1,
  enabled: state !== 'disabled',
  source: 'config',
  detectedAt: null,
});

/** The rules of agentmesh 1.x's config/gateway.yaml that these cases exercise. */
const seedRules = (extra: Partial<TaskRoutingConfig> = {}) =>
  taskRoutingSchema.parse({
    defaultAgent: 'claude-code',
    rules: [
      { name: 'code-generation', keywords: ['write code', 'generate code', '写代码'], agent: 'claude-code', priority: 10 },
      { name: 'code-review', keywords: ['review', 'code review', '代码审查'], agent: 'claude-code', priority: 15 },
      { name: 'browser-automation', keywords: ['browser', 'scrape', '浏览器', '爬虫'], agent: 'openclaw', priority: 15 },
      { name: 'multi-agent', keywords: ['collaborate', 'team', '协作'], strategy: 'broadcast', agents: ['claude-code', 'openclaw'], priority: 20 },
    ],
    ...extra,
  });

const everyoneUp = [agent('claude-code', 'online', ['code-generation']), agent('openclaw', 'online', ['browser-automation']), agent('gemini', 'online', ['multimodal'])];

describe('task rules', () => {
  it.each([
    ['a keyword, in any case', 'Please REVIEW my patch', ['claude-code'], 'code-review'],
    ['a Chinese keyword', '帮我写代码：排序算法', ['claude-code'], 'code-generation'],
    ['full-width letters folded to ASCII', 'ＳＣＲＡＰＥ this site', ['openclaw'], 'browser-automation'],
    ['the highest priority among several matches', 'review what the browser shows', ['claude-code'], 'code-review'],
    ['a broadcast rule outranking both', 'collaborate on a browser review', ['claude-code', 'openclaw'], 'multi-agent'],
  ])('sends a task by %s', (_case, task, agents, rule) => {
    const decision = routeTask(task, [], everyoneUp, seedRules());
    expect(decision).toMatchObject({ step: 'rule', rule, agents, strategy: agents.length > 1 ? 'broadcast' : 'direct' });
    expect(decision.reason).toContain(`rule "${rule}"`);
  });

  it('keeps file order between equal priorities, and says which rule was outranked', () => {
    const decision = routeTask('review the browser tests', [], everyoneUp, seedRules());
    expect(decision.rule).toBe('code-review');
    expect(decision.matches).toEqual([
      { rule: 'code-review', priority: 15, keywords: ['review'], outcome: 'chosen' },
      { rule: 'browser-automation', priority: 15, keywords: ['browser'], outcome: 'outranked by "code-review"' },
    ]);
  });

  it("passes over a rule whose agent is down, to the next matching rule, saying why", () => {
    const decision = routeTask('review the browser tests', [], [agent('claude-code', 'offline'), agent('openclaw')], seedRules());
    expect(decision).toMatchObject({ rule: 'browser-automation', agents: ['openclaw'] });
    expect(decision.matches[0]!.outcome).toBe('skipped: claude-code is offline (claude-code not found on PATH)');
  });

  it('broadcasts only to the agents of the rule that are up (one left: sent to it alone)', () => {
    const decision = routeTask('team effort', [], [agent('claude-code'), agent('openclaw', 'disabled')], seedRules());
    expect(decision).toMatchObject({ rule: 'multi-agent', agents: ['claude-code'], strategy: 'direct' });
    expect(decision.reason).toContain('openclaw is disabled');
  });

  it('with capabilities and no rule: the least loaded agent having them all', () => {
    const agents = [agent('claude-code', 'busy', ['code'], 1), agent('gemini', 'online', ['code', 'multimodal']), agent('openclaw', 'online', ['browser'])];
    expect(routeTask('describe this image', ['multimodal'], agents, seedRules())).toMatchObject({ step: 'capabilities', agents: ['gemini'] });
    expect(routeTask('anything', ['code'], agents, seedRules())).toMatchObject({ step: 'capabilities', agents: ['gemini'] });
  });

  it('with no rule matching: routing.defaultAgent; without one, the least loaded online agent', () => {
    expect(routeTask('plan the sprint', [], everyoneUp, seedRules())).toMatchObject({ step: 'default', agents: ['claude-code'], reason: 'no rule matched; routing.defaultAgent is claude-code' });
    const busy = [agent('claude-code', 'busy', [], 1), agent('gemini')];
    expect(routeTask('plan the sprint', [], busy, seedRules({ defaultAgent: undefined }))).toMatchObject({ step: 'capabilities', agents: ['gemini'] });
  });

  it('falls back to every online agent only with routing.fallback: broadcast; otherwise none, saying why', () => {
    const agents = [agent('claude-code', 'offline'), agent('openclaw'), agent('gemini', 'disabled')];
    expect(routeTask('plan the sprint', [], agents, seedRules({ fallback: 'broadcast' }))).toMatchObject({ step: 'fallback', agents: ['openclaw'] });
    const two = [...agents, agent('aider')];
    expect(routeTask('plan the sprint', [], two, seedRules({ fallback: 'broadcast' }))).toMatchObject({ step: 'fallback', agents: ['openclaw', 'aider'], strategy: 'broadcast' });
    const refused = routeTask('plan the sprint', [], agents, seedRules());
    expect(refused).toMatchObject({ step: 'none', agents: [] });
    expect(refused.reason).toMatch(/no rule matched, routing\.defaultAgent claude-code is not available and routing\.fallback is not broadcast/);
    expect(refused.reason).toContain('gemini is disabled');
  });

  it('refuses a rule with neither agent nor agents, naming the fix', () => {
    const parsed = taskRoutingSchema.safeParse({ rules: [{ name: 'x', keywords: ['x'], strategy: 'broadcast', agent: 'a' }] });
    expect(parsed.success).toBe(false);
    expect(parsed.error!.issues[0]!.message).toMatch(/`agents` with `strategy: broadcast`/);
  });
});
