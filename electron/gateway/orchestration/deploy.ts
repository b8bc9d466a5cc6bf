import { randomBytes } from 'node:crypto';
import { validAgentSchema, type AgentConfig } from '../../../shared/schemas/agent.js';
import { formatIssues } from '../../../shared/schemas/config.js';
import type { DeployBody, DeployResult } from '../../../shared/schemas/orchestration.js';
import { HttpError } from '../http/http-error.js';
import type { Deployment } from './deployments.js';
import { now, requireAgent, requireOrchestrator, type OrchestrationDeps } from './orchestration-deps.js';
import { isTemplateId, templates, type Template } from './templates.js';

const suffix = () => randomBytes(3).toString('hex');

/**
 * POST /api/v1/agents/deploy and the agent.deploy tool: instances in the resource pool. For a
 * CLI agent, concurrency slots; with `config`, or from a template, a derived agent (the base
 * agent's settings, the overrides, the role's prompt and tools) whose slots are the instances.
 */
export function deploy(deps: OrchestrationDeps, body: DeployBody): DeployResult {
  const template = body.targetImplementationId ? requireTemplate(body.targetImplementationId) : undefined;
  const baseId = body.targetAgentId ? requireAgent(deps, body.targetAgentId) : requireOrchestrator(deps);
  if (deps.agents.kindOf(baseId) !== 'process') {
    throw new HttpError(409, 'REMOTE_AGENT', `'${baseId}' is connected over the hub: its instances are its own to start`);
  }
  const base = deps.agents.require(baseId);
  const derived = template || body.config ? derive(base, template, body) : null;
  const deployment = deps.deployments.add({
    agentId: derived?.id ?? baseId,
    baseAgentId: derived ? baseId : null,
    templateId: template?.id ?? null,
    derived,
    scope: body.scope,
    sessionId: body.sessionId ?? null,
    instanceCount: body.instanceCount,
    launchMode: body.launchMode,
    config: body.config ?? {},
  });
  if (derived) void deps.agents.detect(derived.id);
  deps.bus.emit('agent.changed', { id: deployment.agentId });
  deps.bus.emit('agent_runtime_catalog', { reason: 'deploy', agentIds: [deployment.agentId], timestamp: now() });
  return result(deps, deployment);
}

function requireTemplate(id: string): Template {
  if (!isTemplateId(id)) throw new HttpError(404, 'TEMPLATE_NOT_FOUND', `No startup template '${id}'; one of: ${Object.keys(templates).join(', ')}`);
  return templates[id];
}

function derive(base: AgentConfig, template: Template | undefined, body: DeployBody): AgentConfig {
  const id = `${template?.id ?? base.id}-${suffix()}`.slice(0, 64);
  const parsed = validAgentSchema.safeParse({
    ...base,
    ...(template?.overrides ?? {}),
    ...(body.config ?? {}),
    id,
    name: template ? `${template.id} (${base.name ?? base.id})` : `${base.name ?? base.id} (${id})`,
    ...(template ? { role: template.role, systemPrompt: template.prompt } : {}),
    maxConcurrent: body.instanceCount,
    enabled: true,
  });
  if (!parsed.success) throw new HttpError(400, 'INVALID_REQUEST', `config: ${formatIssues(parsed.error)}`);
  return parsed.data;
}

function result(deps: OrchestrationDeps, deployment: Deployment): DeployResult {
  const info = deps.agents.get(deployment.agentId);
  return {
    deploymentId: deployment.id,
    agentId: deployment.agentId,
    templateId: deployment.templateId,
    baseAgentId: deployment.baseAgentId,
    scope: deployment.scope,
    sessionId: deployment.sessionId,
    launchMode: deployment.launchMode,
    instanceCount: deployment.instanceCount,
    instances: { running: info.running, queued: info.queued, max: info.maxConcurrent },
    createdAt: deployment.createdAt,
  };
}
