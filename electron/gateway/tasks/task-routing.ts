import type { AgentInfo } from '../../../shared/schemas/agent.js';
import { HttpError } from '../http/http-error.js';

/**
 * Picks the agent for a task sent to `gateway`: among enabled, detected agents having every
 * required capability, the least loaded relative to its concurrency; ties keep list order.
 */
export function chooseAgent(agents: AgentInfo[], capabilities: string[]): AgentInfo {
  const capable = agents.filter((agent) => capabilities.every((capability) => agent.capabilities.includes(capability)));
  const usable = capable.filter((agent) => agent.state === 'online' || agent.state === 'busy');
  if (usable.length === 0) {
    const why = (capable.length ? capable : agents).map((agent) => `${agent.id} (${agent.state}${agent.detectError && agent.state === 'offline' ? `: ${agent.detectError}` : ''})`);
    const wanted = capabilities.length ? ` with capabilities [${capabilities.join(', ')}]` : '';
    throw new HttpError(422, 'NO_AGENT_AVAILABLE', `No online agent${wanted} can take this task. Agents: ${why.join(', ') || 'none configured'}`);
  }
  return leastLoaded(usable);
}

/** The agent with the least work relative to its concurrency; ties keep list order. */
export function leastLoaded(agents: AgentInfo[]): AgentInfo {
  const load = (agent: AgentInfo) => (agent.running + agent.queued) / agent.maxConcurrent;
  return agents.reduce((best, agent) => (load(agent) < load(best) ? agent : best));
}
