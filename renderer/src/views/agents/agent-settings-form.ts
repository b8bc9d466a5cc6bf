import type { AgentInfo } from '@shared/contract';
import type { AdapterId } from '@shared/schemas/agent';
import { idError, wholeNumberError } from '../../lib/form-errors';
import type { AgentPatch } from '../../stores/agents-store';

/**
 * The settings form. AgentInfo does not carry model, timeout, args or gateway routing, so
 * those fields start blank ("keep what is configured") and only what the user touched is sent.
 */
export interface AgentSettingsForm {
  name: string;
  maxConcurrent: string;
  capabilities: string[];
  model: string;
  timeoutMinutes: string;
  gatewayRouting: 'keep' | 'on' | 'off';
  path: string;
  args: string;
}

export type AgentFormErrors = Partial<Record<keyof AgentSettingsForm, string>>;

export const initialAgentForm = (agent: AgentInfo): AgentSettingsForm => ({
  name: agent.name,
  maxConcurrent: String(agent.maxConcurrent),
  capabilities: agent.capabilities,
  model: '',
  timeoutMinutes: '',
  gatewayRouting: 'keep',
  path: agent.endpoint ?? '',
  args: '',
});

const sameSet = (a: string[], b: string[]) => a.length === b.length && a.every((value) => b.includes(value));

export function agentPatch(agent: AgentInfo, form: AgentSettingsForm): { patch: AgentPatch; errors: AgentFormErrors } {
  const patch: AgentPatch = {};
  const errors: AgentFormErrors = {};
  if (form.name.trim() && form.name.trim() !== agent.name) patch.name = form.name.trim();
  const max = Number(form.maxConcurrent);
  const maxError = wholeNumberError('Max concurrent tasks', form.maxConcurrent, 1, 64);
  if (maxError) errors.maxConcurrent = maxError;
  else if (max !== agent.maxConcurrent) patch.maxConcurrent = max;
  if (!sameSet(form.capabilities, agent.capabilities)) patch.capabilities = form.capabilities;
  if (form.model.trim()) patch.model = form.model.trim();
  if (form.timeoutMinutes.trim()) {
    const minutes = Number(form.timeoutMinutes);
    if (!(minutes > 0) || minutes > 24 * 60) errors.timeoutMinutes = 'Timeout must be more than 0 and at most 1440 minutes, or blank to keep it';
    else patch.timeoutMs = Math.round(minutes * 60_000);
  }
  if (form.gatewayRouting !== 'keep') patch.routeModelsThroughGateway = form.gatewayRouting === 'on';
  if (agent.adapter === 'command') {
    if (form.path.trim() && form.path.trim() !== agent.endpoint) patch.path = form.path.trim();
    if (form.args.trim()) patch.args = form.args.split('\n').map((line) => line.trim()).filter(Boolean);
  } else if (form.path.trim() && form.path.trim() !== (agent.endpoint ?? '')) {
    patch.path = form.path.trim();
  }
  return { patch, errors };
}

export interface RegisterAgentForm {
  id: string;
  adapter: AdapterId;
  path: string;
}

/** What stops a new agent from being registered, said on its field. */
export function registerAgentErrors(form: RegisterAgentForm): Partial<Record<'id' | 'path', string>> {
  const errors: Partial<Record<'id' | 'path', string>> = {};
  const id = idError('Id', form.id);
  if (id) errors.id = id;
  if (form.adapter === 'command' && !form.path.trim()) errors.path = 'Executable is required for a command agent';
  return errors;
}
