import { z } from 'zod';
import type { AgentCard } from './hub-frames.js';

export const adapterIds = ['claude-code', 'codex', 'gemini', 'opencode', 'openclaw', 'command'] as const;
export type AdapterId = (typeof adapterIds)[number];
/** What a configured agent runs through: a local CLI's adapter, or `http` (an endpoint tasks are POSTed to). */
export const agentAdapters = [...adapterIds, 'http'] as const;
export type AgentAdapter = (typeof agentAdapters)[number];

/** An agent id: what a task's `target` names and a hub connection's `agent_id` must be. */
export const agentIdSchema = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, 'letters, digits, ".", "_" or "-"');

const inheritedName = z
  .string()
  .regex(/^[A-Za-z_][A-Za-z0-9_()]*\*?$/, 'a variable name, or a prefix ending in "*"')
  .refine((name) => name.toUpperCase() !== 'AGENTMESH_TOKEN', 'the gateway token is never passed to agents (a routed agent gets a token for its task)');

/** One local agent: a CLI run through its adapter. Lives in the config document's `agents:`. */
const agentId = agentIdSchema;

export const agentConfigSchema = z.strictObject({
  id: agentId,
  name: z.string().max(200).optional(),
  adapter: z.enum(agentAdapters),
  /** http agents: where each task is POSTed as an AgentMessage (its JSON or SSE reply is the result). */
  endpoint: z.url({ protocol: /^https?$/, error: 'an http(s) URL' }).optional(),
  /** http agents: extra request headers (an Authorization for the endpoint, say). */
  headers: z.record(z.string(), z.string()).default({}),
  /** Executable path or name; default: the adapter's binary (claude, codex, gemini, opencode, openclaw). */
  path: z.string().min(1).optional(),
  /**
   * Extra arguments. For the `command` adapter this is the argument template, where
   * `{prompt}`, `{cwd}`, `{taskId}` and `{model}` are replaced; without `{prompt}` the prompt goes on stdin.
   * Put "--" before `{prompt}`: a value may begin an argument with "-" only after a "--" element.
   */
  args: z.array(z.string()).default([]),
  env: z.record(z.string(), z.string()).default({}),
  /**
   * Variables of the gateway's own environment the agent also gets (exact names, or a
   * prefix ending in `*`). Agents otherwise start from a minimal environment (agent-env.ts).
   */
  inheritEnv: z.array(inheritedName).default([]),
  cwd: z.string().min(1).optional(),
  model: z.string().min(1).optional(),
  capabilities: z.array(z.string().min(1)).default([]),
  maxConcurrent: z.number().int().min(1).max(64).default(1),
  timeoutMs: z.number().int().positive().max(24 * 3_600_000).optional(),
  enabled: z.boolean().default(true),
  /** Send the agent's own model calls through this gateway (routing rules and usage ledger apply). */
  routeModelsThroughGateway: z.boolean().default(false),
  /** codex: how far the agent may reach. */
  sandbox: z.enum(['read-only', 'workspace-write', 'danger-full-access']).default('workspace-write'),
  /** claude-code: permission mode and pre-approved tools (e.g. "Bash(npm test:*)"). */
  permissionMode: z.enum(['default', 'acceptEdits', 'bypassPermissions', 'plan']).default('acceptEdits'),
  allowedTools: z.array(z.string().min(1)).default([]),
  /** gemini/opencode: run without asking before edits and commands. */
  autoApprove: z.boolean().default(true),
  /**
   * Orchestration role profile: `orchestrator` runs with the runtime tools (MCP) and a prompt
   * describing the team; `reviewer`/`executor` with that role's prompt. The configured
   * orchestrator (orchestration.orchestrator) is `orchestrator` whatever this says.
   */
  role: z.enum(['orchestrator', 'reviewer', 'executor']).optional(),
  /** Told to the agent before every task (Claude Code --append-system-prompt, Codex developer_instructions; else put before the prompt). */
  systemPrompt: z.string().min(1).max(20_000).optional(),
});

const commandNeedsPath = (agent: { adapter: AgentAdapter; path?: string }) => agent.adapter !== 'command' || Boolean(agent.path);
const commandPathIssue = { message: 'a command agent needs `path`: the executable to run', path: ['path'] };
const httpNeedsEndpoint = (agent: { adapter: AgentAdapter; endpoint?: string }) => agent.adapter !== 'http' || Boolean(agent.endpoint);
const httpEndpointIssue = { message: 'an http agent needs `endpoint`: the URL tasks are POSTed to', path: ['endpoint'] };

export type AgentConfig = z.infer<typeof agentConfigSchema>;

/** An agent as the config document and the registry accept it. */
export const validAgentSchema = agentConfigSchema.refine(commandNeedsPath, commandPathIssue).refine(httpNeedsEndpoint, httpEndpointIssue);

/** Agent types of agentmesh 1.x (POST /agents, `agents[].type` in its gateway.yaml), besides our adapter ids. */
export const seedAgentTypes = ['claude-code', 'openclaw', 'process', 'http'] as const;

const isHttpUrl = (value: unknown): value is string => typeof value === 'string' && /^https?:\/\//i.test(value);

/**
 * An agent written the agentmesh 1.x way (`type`, `command`, `args`, `env`, `endpoint`) as our
 * agent config. `process` runs `command` with `args` and the task as its last argument (as
 * 1.x did); `http` posts tasks to `endpoint`, and so does a `process` agent that names only an
 * http(s) `endpoint` (the 1.x docs' own example). For a CLI adapter, an `endpoint` that is
 * not a URL is its executable; `command` is too.
 */
export function fromSeedAgent(input: Record<string, unknown>): Record<string, unknown> {
  const { type, command, endpoint, args, ...rest } = input;
  const userArgs = Array.isArray(args) ? args : [];
  if (type === 'http' || (type === 'process' && command === undefined && isHttpUrl(endpoint))) {
    return { ...rest, adapter: 'http', endpoint };
  }
  if (type === 'process') {
    const path = command ?? endpoint;
    return { ...rest, adapter: 'command', ...(path === undefined ? {} : { path }), args: [...userArgs, '{prompt}'] };
  }
  const path = command ?? (isHttpUrl(endpoint) ? undefined : endpoint);
  return { ...rest, adapter: type, ...(path === undefined ? {} : { path }), ...(args === undefined ? {} : { args }) };
}

/** POST /agents: the 1.x shape `{id, name, type, capabilities, endpoint}` (and `command/args/env`), plus our agent fields. */
export const registerAgentSchema = z
  .looseObject({
    id: agentId,
    name: z.string().max(200).optional(),
    type: z.enum([...new Set([...agentAdapters, ...seedAgentTypes])] as [string, ...string[]]),
    capabilities: z.array(z.string().min(1)).default([]),
    /** An http agent's URL; for a local CLI agent, its executable (path or name on PATH). */
    endpoint: z.string().min(1).optional(),
    command: z.string().min(1).optional(),
    args: z.array(z.string()).optional(),
  })
  .transform((input) => pickAgentFields(fromSeedAgent(input)))
  .pipe(validAgentSchema);

export const patchAgentSchema = agentConfigSchema.omit({ id: true, adapter: true }).partial().strict();

function pickAgentFields(input: Record<string, unknown>) {
  const keys = Object.keys(agentConfigSchema.shape);
  return Object.fromEntries(Object.entries(input).filter(([key]) => keys.includes(key)));
}

export type AgentState = 'online' | 'offline' | 'busy' | 'disabled';

/** How an agent runs tasks: a CLI this machine spawns, an endpoint tasks are POSTed to, an agent connected over the WebSocket hub, or one model call through this gateway. */
export type AgentKind = 'process' | 'http' | 'remote' | 'model';

/** What the registry knows of an agent connected over the hub (times are ISO 8601). */
export interface RemoteAgentDetails {
  sessionId: string | null;
  connectedAt: string;
  lastHeartbeat: string;
  /** Set while the agent is disconnected. */
  disconnectedAt: string | null;
  card: AgentCard | null;
  messagesSent: number;
  messagesReceived: number;
}

export interface AgentInfo {
  id: string;
  name: string;
  kind: AgentKind;
  /** The adapter of a process agent, `http` for an http agent, `remote` for a hub agent, `model` for a model agent. */
  type: AgentAdapter | 'remote' | 'model';
  adapter: AgentAdapter | 'remote' | 'model';
  capabilities: string[];
  endpoint: string | null;
  state: AgentState;
  version: string | null;
  path: string | null;
  detectError: string | null;
  running: number;
  queued: number;
  maxConcurrent: number;
  enabled: boolean;
  /**
   * `hub`: known because it connected over the WebSocket hub; `detected`: found on PATH, not configured
   * (turn it off to keep tasks away from it); `deployed`: started by an orchestration deploy.
   */
  source: 'config' | 'registered' | 'hub' | 'detected' | 'deployed';
  detectedAt: string | null;
  /** Present for remote agents only. */
  remote?: RemoteAgentDetails;
  /** When detection (or, for remote agents, a heartbeat) last found the agent; null if never. */
  lastSeenAt?: string | null;
  /** Present for model agents only. */
  model?: ModelAgentDetails;
}

/** A model agent: each task is one model call through this gateway (registered with JSON-RPC agent.register). */
export interface ModelAgentDetails {
  adapterType: 'claude' | 'openai' | 'generic';
  model: string | null;
  systemPrompt: string | null;
  temperature: number | null;
  maxTokens: number | null;
}
