import type { AgentConfig, AgentInfo } from '../../../shared/schemas/agent.js';
import type { QuotaEntry } from '../quota/quota-entry.js';
import { chooseAgent } from './task-routing.js';

export interface QuotaWarning {
  agent: string;
  message: string;
  usedPercent?: number;
  resetsAt?: string;
  /** The agent the task went to instead (options.preferAvailable). */
  reroutedTo?: string;
}

export interface DispatchDecision {
  agentId: string;
  warning: QuotaWarning | null;
}

export interface DispatchOptions {
  /** options.capabilities; when empty, an alternative must have the chosen agent's. */
  capabilities: string[];
  preferAvailable: boolean;
}

export interface DispatchDeps {
  configOf(agentId: string): AgentConfig | undefined;
  /** Every agent, detected (state known). */
  agents(): Promise<AgentInfo[]>;
  subscriptionFor(agent: AgentConfig): Promise<QuotaEntry | undefined>;
  warnPercent(): number;
}

const nearlyUsedUp = (entry: QuotaEntry | undefined, warnPercent: number) =>
  entry !== undefined && (!entry.available || (entry.usedPercent !== undefined && entry.usedPercent >= warnPercent));

/**
 * Before a task starts: is the chosen agent's subscription window (Codex rate limits,
 * Claude Code's 5-hour block) nearly used up? Then warn, and with preferAvailable send the
 * task to the least loaded capable agent whose own window has room.
 */
export async function quotaAwareDispatch(deps: DispatchDeps, chosenId: string, options: DispatchOptions): Promise<DispatchDecision> {
  const chosen = deps.configOf(chosenId);
  const entry = chosen ? await deps.subscriptionFor(chosen) : undefined;
  const warnPercent = deps.warnPercent();
  if (!chosen || !entry || !nearlyUsedUp(entry, warnPercent)) return { agentId: chosenId, warning: null };
  const label = entry.provider === 'codex' ? 'Codex' : 'Claude Code';
  const state = entry.reason ?? `${label} subscription ${entry.usedPercent}% used`;
  const warning: QuotaWarning = {
    agent: chosenId,
    message: `${chosenId}: ${state}${entry.resetsAt ? ` (resets ${entry.resetsAt})` : ''}`,
    ...(entry.usedPercent !== undefined ? { usedPercent: entry.usedPercent } : {}),
    ...(entry.resetsAt ? { resetsAt: entry.resetsAt } : {}),
  };
  if (!options.preferAvailable) return { agentId: chosenId, warning };

  const all = await deps.agents();
  const required = options.capabilities.length ? options.capabilities : (all.find((agent) => agent.id === chosenId)?.capabilities ?? []);
  const others = all.filter(
    (agent) => agent.id !== chosenId && agent.enabled && (agent.state === 'online' || agent.state === 'busy') && required.every((capability) => agent.capabilities.includes(capability)),
  );
  const roomy: AgentInfo[] = [];
  for (const agent of others) {
    const config = deps.configOf(agent.id);
    if (config && !nearlyUsedUp(await deps.subscriptionFor(config), warnPercent)) roomy.push(agent);
  }
  if (roomy.length === 0) return { agentId: chosenId, warning: { ...warning, message: `${warning.message}; no other capable agent has room, so it stays on ${chosenId}` } };
  const alternative = chooseAgent(roomy, required).id;
  return { agentId: alternative, warning: { ...warning, message: `${warning.message}; sent to ${alternative} instead`, reroutedTo: alternative } };
}
