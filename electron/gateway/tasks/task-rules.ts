import type { AgentInfo } from '../../../shared/schemas/agent.js';
import { ruleStrategy, type TaskRouteDecision, type TaskRoutingConfig } from '../../../shared/schemas/task-routing.js';
import type { AgentRegistry } from '../agents/agent-registry.js';
import { leastLoaded } from './task-routing.js';

// NFKC folds full-width letters and compatibility forms, so "ＲＥＶＩＥＷ" matches "review".
const fold = (text: string) => text.normalize('NFKC').toLowerCase();

/**
 * Where a task for `gateway` goes, in agentmesh 1.x's order: the highest-priority rule whose
 * keywords the task contains and whose agent(s) are up; then, when capabilities were asked
 * for, the least loaded agent having them all; then `routing.defaultAgent` (with no default
 * agent and no capabilities asked, the least loaded online agent); then, with
 * `routing.fallback: broadcast`, every online agent; otherwise nobody, and the reason.
 */
export function routeTask(task: string, capabilities: string[], agents: AgentInfo[], routing: TaskRoutingConfig): TaskRouteDecision {
  const byId = new Map(agents.map((agent) => [agent.id, agent]));
  const capable = (agent: AgentInfo) => capabilities.every((capability) => agent.capabilities.includes(capability));
  /** Why an agent cannot take the task now; undefined when it can (busy agents queue it). */
  const unusable = (id: string): string | undefined => {
    const agent = byId.get(id);
    if (!agent) return `no agent '${id}'`;
    if (agent.state === 'disabled') return `${id} is disabled`;
    if (agent.state === 'offline') return `${id} is offline${agent.detectError ? ` (${agent.detectError})` : ''}`;
    if (!capable(agent)) return `${id} lacks ${capabilities.filter((capability) => !agent.capabilities.includes(capability)).join(', ')}`;
    return undefined;
  };
  const decide = (step: TaskRouteDecision['step'], ids: string[], reason: string, rule: string | null = null): TaskRouteDecision => ({
    task,
    agents: ids,
    strategy: ids.length > 1 ? 'broadcast' : 'direct',
    step,
    rule,
    reason,
    matches,
  });

  const text = fold(task);
  const matches: TaskRouteDecision['matches'] = [];
  // Stable sort: equal priorities keep the order of the file.
  const ranked = routing.rules.map((rule, index) => ({ rule, index })).sort((a, b) => b.rule.priority - a.rule.priority || a.index - b.index);
  let winner: TaskRouteDecision | undefined;
  for (const { rule } of ranked) {
    const hit = rule.keywords.filter((keyword) => text.includes(fold(keyword)));
    if (hit.length === 0) continue;
    const entry = { rule: rule.name, priority: rule.priority, keywords: hit, outcome: '' };
    matches.push(entry);
    if (winner) {
      entry.outcome = `outranked by "${winner.rule}"`;
      continue;
    }
    const wanted = ruleStrategy(rule) === 'broadcast' ? (rule.agents ?? []) : [rule.agent as string];
    const up = wanted.filter((id) => !unusable(id));
    if (up.length === 0) {
      entry.outcome = `skipped: ${wanted.map((id) => unusable(id)).join('; ')}`;
      continue;
    }
    entry.outcome = 'chosen';
    const why = `rule "${rule.name}" (priority ${rule.priority}) matched ${hit.map((keyword) => `"${keyword}"`).join(', ')}`;
    winner = decide('rule', up, up.length < wanted.length ? `${why}; ${wanted.filter((id) => unusable(id)).map((id) => unusable(id)).join('; ')}` : why, rule.name);
  }
  if (winner) return winner;

  const up = agents.filter((agent) => !unusable(agent.id));
  const noRule = matches.length ? 'no matching rule had an agent up' : 'no rule matched';
  if (capabilities.length) {
    if (up.length) return decide('capabilities', [leastLoaded(up).id], `${noRule}; ${leastLoaded(up).id} is the least loaded agent with ${capabilities.join(', ')}`);
  } else if (!routing.defaultAgent && up.length) {
    return decide('capabilities', [leastLoaded(up).id], `${noRule} and no routing.defaultAgent is set; ${leastLoaded(up).id} is the least loaded online agent`);
  }
  if (routing.defaultAgent) {
    const why = unusable(routing.defaultAgent);
    if (!why) return decide('default', [routing.defaultAgent], `${noRule}; routing.defaultAgent is ${routing.defaultAgent}`);
    matches.push({ rule: '(routing.defaultAgent)', priority: 0, keywords: [], outcome: `skipped: ${why}` });
  }
  if (routing.fallback === 'broadcast' && up.length) {
    return decide('fallback', up.map((agent) => agent.id), `${noRule}; routing.fallback: broadcast sends it to every online agent`);
  }
  const states = agents.map((agent) => unusable(agent.id) ?? `${agent.id} (${agent.state})`);
  const wanted = capabilities.length ? ` with capabilities [${capabilities.join(', ')}]` : '';
  return decide('none', [], `No online agent${wanted} can take this task: ${noRule}${routing.defaultAgent ? `, routing.defaultAgent ${routing.defaultAgent} is not available` : ''}${routing.fallback === 'broadcast' ? '' : ' and routing.fallback is not broadcast'}. Agents: ${states.join(', ') || 'none configured'}`);
}

/** Detects the agents not yet detected, then decides (what a task submitted now would get). */
export async function explainRoute(registry: AgentRegistry, routing: TaskRoutingConfig, task: string, capabilities: string[] = []): Promise<TaskRouteDecision> {
  await Promise.all(registry.list().filter((agent) => agent.enabled).map((agent) => registry.ensureDetected(agent.id)));
  return routeTask(task, capabilities, registry.list(), routing);
}
