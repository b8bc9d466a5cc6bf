import type { MenuItemConstructorOptions } from 'electron';
import type { AgentInfo, ProviderView } from '../../shared/contract/index.js';

export interface TrayState {
  url: string;
  paused: boolean;
  agents: Pick<AgentInfo, 'id' | 'name' | 'state' | 'running' | 'queued'>[];
  providers: Pick<ProviderView, 'id' | 'name' | 'available' | 'balance'>[];
}

export interface TrayActions {
  quickDispatch(): void;
  open(): void;
  setPaused(paused: boolean): void;
  quit(): void;
}

// A menu is no place for a long list; the Agents view has them all.
const maxAgents = 12;

export function agentLabel(agent: TrayState['agents'][number]): string {
  const load = [agent.running ? `${agent.running} running` : '', agent.queued ? `${agent.queued} queued` : ''].filter(Boolean);
  return `${agent.name} — ${agent.state}${load.length ? ` (${load.join(', ')})` : ''}`;
}

/** One line with the counts, then one per provider whose balance is known. */
export function providerSummary(providers: TrayState['providers']): string[] {
  if (!providers.length) return ['No providers yet'];
  const available = providers.filter((provider) => provider.available).length;
  const unavailable = providers.length - available;
  const counts = `Providers: ${available} available${unavailable ? `, ${unavailable} unavailable` : ''}`;
  return [counts, ...providers.filter((provider) => provider.balance).map((provider) => `${provider.name}: ${provider.balance!.summary}`)];
}

const info = (label: string): MenuItemConstructorOptions => ({ label, enabled: false });

export function trayMenuTemplate(state: TrayState, actions: TrayActions): MenuItemConstructorOptions[] {
  const agents = state.agents.slice(0, maxAgents).map((agent) => info(agentLabel(agent)));
  if (state.agents.length > maxAgents) agents.push(info(`…and ${state.agents.length - maxAgents} more`));
  return [
    { id: 'gateway', ...info(`Gateway ${state.paused ? 'paused' : 'running'} at ${state.url}`) },
    { type: 'separator' },
    ...(agents.length ? agents : [info('No agents yet')]),
    { type: 'separator' },
    ...providerSummary(state.providers).map(info),
    { type: 'separator' },
    { id: 'quick-dispatch', label: 'Quick dispatch…', click: () => actions.quickDispatch() },
    { id: 'open', label: 'Open AgentMesh', click: () => actions.open() },
    { id: 'pause', label: state.paused ? 'Resume gateway' : 'Pause gateway', click: () => actions.setPaused(!state.paused) },
    { type: 'separator' },
    { id: 'quit', label: 'Quit', click: () => actions.quit() },
  ];
}

export function trayTooltip(state: TrayState): string {
  const online = state.agents.filter((agent) => agent.state === 'online' || agent.state === 'busy').length;
  return `AgentMesh — ${state.paused ? 'paused' : `${online} of ${state.agents.length} agents online`}`;
}
