import { z } from 'zod';
import { patchAgentSchema, type AgentKind } from './agent.js';
import type { TaskStatus } from './task.js';

// Agent Orchestration Interface V1 (specs/002): the bodies of /api/v1/message and
// /api/v1/agents/*, which the MCP runtime tools take as their input schemas too.

const name = z.string().min(1).max(200);
const sessionId = z.string().min(1).max(200).describe('a session: tasks of one session share a space (its history)');
const workflowId = z.string().min(1).max(200).describe('groups tasks of one piece of work; status and control can name it');

/** A task or message is text, or any JSON (sent to the agent as JSON text). */
const work = z.unknown().refine((value) => value !== undefined && value !== null && value !== '', 'must not be empty');

export const catalogLayers = ['summary', 'execution', 'governance', 'full'] as const;
export type CatalogLayer = (typeof catalogLayers)[number];
export const catalogQuerySchema = z.object({ layer: z.enum(catalogLayers).default('summary') });

export const messageBodySchema = z.strictObject({
  target: name.optional().describe('default: the orchestrator; another agent only in test route mode or from the CLI'),
  message: work.describe('what the user asks'),
  sessionId: sessionId.optional(),
  sender: name.optional().describe('who sends it: "cli" may address any agent directly'),
  blocking: z.boolean().optional().describe('wait for the orchestrator to finish and return its result'),
});
export type MessageBody = z.infer<typeof messageBodySchema>;

export const dispatchBodySchema = z.strictObject({
  sourceAgentId: name.optional().describe('the dispatching agent (default: the orchestrator)'),
  targetAgentId: name.describe('the agent to run the task'),
  task: work.describe('what to do: text, or JSON'),
  sessionId: sessionId.optional(),
  workflowId: workflowId.optional(),
  blocking: z.boolean().optional().describe('wait for the task to end and return its result'),
  metadata: z.record(z.string(), z.unknown()).optional(),
});
export type DispatchBody = z.infer<typeof dispatchBodySchema>;

export const controlActions = ['status', 'pause', 'resume', 'interrupt', 'cancel'] as const;
export type ControlAction = (typeof controlActions)[number];
export const controlFieldsSchema = z.strictObject({
  action: z.enum(controlActions),
  targetAgentId: name.optional(),
  sessionId: sessionId.optional(),
  workflowId: workflowId.optional(),
  providerId: name.optional().describe('pause/resume: routing skips a paused provider'),
  hard: z.boolean().optional().describe('interrupt/cancel: kill the process tree at once (SIGKILL)'),
});
export const controlBodySchema = controlFieldsSchema.superRefine((body, ctx) => {
    const scoped = body.targetAgentId ?? body.sessionId ?? body.workflowId;
    if ((body.action === 'pause' || body.action === 'resume') && !body.targetAgentId && !body.providerId && !(body.action === 'resume' && scoped)) {
      ctx.addIssue({ code: 'custom', path: ['targetAgentId'], message: `${body.action} needs targetAgentId or providerId` });
    }
    if ((body.action === 'interrupt' || body.action === 'cancel') && !scoped) {
      ctx.addIssue({ code: 'custom', path: ['targetAgentId'], message: `${body.action} needs targetAgentId, sessionId or workflowId` });
    }
});
export type ControlBody = z.infer<typeof controlBodySchema>;

export const deployFieldsSchema = z.strictObject({
  targetAgentId: name.optional().describe('the agent to add instances of, or the base agent of a template'),
  targetImplementationId: name.optional().describe('a startup template: orchestrator-loop, reviewer-loop, executor-loop'),
  sessionId: sessionId.optional(),
  scope: z.enum(['session', 'global']).default('global').describe('session: the instances end with the session'),
  instanceCount: z.number().int().min(1).max(16).default(1),
  launchMode: z.enum(['manual', 'orchestrator']).default('manual'),
  config: patchAgentSchema.omit({ enabled: true }).optional().describe('agent settings for these instances (model, permissionMode, sandbox, …)'),
});
/** What a deploy must name, whatever face it came through. */
export function checkDeploy(body: { targetAgentId?: string; targetImplementationId?: string; scope: string; sessionId?: string }, ctx: z.RefinementCtx): void {
  if (!body.targetAgentId && !body.targetImplementationId) ctx.addIssue({ code: 'custom', path: ['targetAgentId'], message: 'name targetAgentId or targetImplementationId' });
  if (body.scope === 'session' && !body.sessionId) ctx.addIssue({ code: 'custom', path: ['sessionId'], message: 'scope "session" needs a sessionId' });
}
export const deployBodySchema = deployFieldsSchema.superRefine(checkDeploy);
export type DeployBody = z.infer<typeof deployBodySchema>;

export type RuntimeRole = 'orchestrator' | 'reviewer' | 'executor';
/** Where an agent comes from: the config (or registered over the API), connected over the hub, or started by a deploy. */
export type CatalogSource = 'config' | 'detected' | 'connected' | 'service';
export type CatalogState = 'online' | 'busy' | 'paused' | 'offline' | 'disabled';

export interface CatalogSummary {
  role: RuntimeRole;
  state: CatalogState;
  source: CatalogSource;
  tags: string[];
}

export interface CatalogExecution {
  /** What the agent can use: its CLI's tools, the runtime tools in the orchestrator role, a remote agent's skills. */
  tools: string[];
  /** Agents it may dispatch to (the orchestrator role only). */
  dispatchTargets: string[];
  controlActions: ControlAction[];
}

export interface CatalogBudget {
  scope: 'overall' | 'agent';
  period: 'daily' | 'monthly';
  limitUsd: number;
}

export interface CatalogGovernance {
  allow: string[];
  deny: string[];
  approvalRequired: boolean;
  permissionMode: string | null;
  sandbox: string | null;
  provider: { routedThroughGateway: boolean; model: string | null; budgets: CatalogBudget[] };
  session: { maxConcurrent: number; timeoutMs: number | null; paused: boolean; deployments: number };
}

export interface CatalogAgent {
  id: string;
  name: string;
  kind: AgentKind;
  adapter: string;
  state: CatalogState;
  instances: { running: number; queued: number; max: number };
  capabilities: { summary: CatalogSummary; execution?: CatalogExecution; governance?: CatalogGovernance };
}

export interface StartupTemplate {
  id: string;
  role: RuntimeRole;
  description: string;
  /** The agent a deploy of this template derives from when targetAgentId names none. */
  defaultBaseAgentId: string | null;
  tools: string[];
}

export interface Catalog {
  layer: CatalogLayer;
  orchestrator: string | null;
  agents: CatalogAgent[];
  /** Agents defined but with no running instance (no task running, nothing deployed). */
  startupTargets: { id: string; name: string; kind: AgentKind; state: CatalogState }[];
  startupTemplates: StartupTemplate[];
}

/** A task as the orchestration interface reports it (times ISO 8601). */
export interface RuntimeTask {
  taskId: string;
  agentId: string | null;
  status: TaskStatus;
  parentTaskId: string | null;
  sourceAgentId: string | null;
  sessionId: string | null;
  workflowId: string | null;
  prompt: string;
  result: string | null;
  error: string | null;
  createdAt: string;
  finishedAt: string | null;
  costUsd: number;
}

export interface DispatchResult {
  dispatchId: string;
  taskId: string;
  status: TaskStatus;
  sourceAgentId: string;
  targetAgentId: string;
  parentTaskId: string | null;
  sessionId: string | null;
  workflowId: string | null;
  blocking: boolean;
  result?: string | null;
  error?: string | null;
}

/** What a control call did, and to what: its answer and its event both carry it. */
export interface ControlOutcome {
  action: ControlAction;
  ok: boolean;
  message: string;
  targetAgentId: string | null;
  sessionId: string | null;
  workflowId: string | null;
  providerId: string | null;
}

export interface ControlResult extends ControlOutcome {
  /** The tasks the action reached (for status: the tasks in scope). */
  tasks: RuntimeTask[];
  agents?: { id: string; state: CatalogState; running: number; queued: number; max: number; paused: boolean }[];
  providers?: { id: string; available: boolean; paused: boolean; reason: string | null }[];
}

export interface DeployResult {
  deploymentId: string;
  agentId: string;
  templateId: string | null;
  baseAgentId: string | null;
  scope: 'session' | 'global';
  sessionId: string | null;
  launchMode: 'manual' | 'orchestrator';
  instanceCount: number;
  /** The agent's instances now: its own slots plus every deployment's. */
  instances: { running: number; queued: number; max: number };
  createdAt: string;
}

export interface MessageResult {
  taskId: string;
  target: string;
  status: TaskStatus;
  sessionId: string | null;
  workflowId: string;
  result?: string | null;
  error?: string | null;
}

/** A task and everything dispatched from it, with the cost of the whole subtree. */
export interface TaskTreeNode extends RuntimeTask {
  usage: { inputTokens: number; outputTokens: number; costUsd: number };
  /** This task's cost plus its descendants'. */
  totalCostUsd: number;
  children: TaskTreeNode[];
}

// Events of the AGENT_RUNTIME group (times ISO 8601).

/** The catalog changed: instances deployed or ended, or the config reloaded. */
export interface RuntimeCatalogEvent {
  reason: 'deploy' | 'undeploy' | 'config';
  agentIds: string[];
  timestamp: string;
}

/** A task was dispatched, and again when it ended. */
export interface RuntimeDispatchEvent {
  dispatchId: string;
  taskId: string;
  sourceAgentId: string;
  targetAgentId: string;
  parentTaskId: string | null;
  sessionId: string | null;
  workflowId: string | null;
  status: TaskStatus;
  blocking: boolean;
  timestamp: string;
}

export interface RuntimeControlEvent extends ControlOutcome {
  hard: boolean;
  taskIds: string[];
  timestamp: string;
}

/** An agent's runtime state changed (started or ended a task, paused, went offline). */
export interface RuntimeStatusEvent {
  agentId: string;
  state: CatalogState | 'removed';
  running: number;
  queued: number;
  max: number;
  paused: boolean;
  timestamp: string;
}
