import { z } from 'zod';
import type { AgentCard } from './hub-frames.js';

export const adapterIds = ['claude-code', 'codex', 'gemini', 'opencode', 'openclaw', 'command'] as const;
export type AdapterId = (typeof adapterIds)[number];

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
  adapter: z.enum(adapterIds),
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

const commandNeedsPath = (agent: { adapter: AdapterId; path?: string }) => agent.adapter !== 'command' || Boolean(agent.path);
const commandPathIssue = { message: 'a command agent needs `path`: the executable to run', path: ['path'] };

export type AgentConfig = z.infer<typeof agentConfigSchema>;

/** An agent as the config document and the registry accept it. */
export const validAgentSchema = agentConfigSchema.refine(commandNeedsPath, commandPathIssue);

/** POST /agents, the seed shape `{id, name, type, capabilities, endpoint}` plus our agent fields. */
export const registerAgentSchema = z
  .looseObject({
    id: agentId,
    name: z.string().max(200).optional(),
    type: z.enum(adapterIds),
    capabilities: z.array(z.string().min(1)).default([]),
    /** For a local CLI agent, the executable (path or name on PATH). */
    endpoint: z.string().min(1).optional(),
  })
  .transform(({ type, endpoint, ...rest }) => ({ ...pickAgentFields(rest), adapter: type, ...(endpoint ? { path: endpoint } : {}) }))
  .pipe(validAgentSchema);

export const patchAgentSchema = agentConfigSchema.omit({ id: true, adapter: true }).partial().strict();

function pickAgentFields(input: Record<string, unknown>) {
  const keys = Object.keys(agentConfigSchema.shape);
  return Object.fromEntries(Object.entries(input).filter(([key]) => keys.includes(key)));
}

export type AgentState = 'online' | 'offline' | 'busy' | 'disabled';

/** How an agent runs tasks: a CLI this machine spawns, or an agent connected over the WebSocket hub. */
export type AgentKind = 'process' | 'remote';

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
  /** The adapter of a process agent; `remote` for a hub agent. */
  type: AdapterId | 'remote';
  adapter: AdapterId | 'remote';
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
  /** `hub`: known because it connected over the WebSocket hub; `deployed`: started by an orchestration deploy. */
  source: 'config' | 'registered' | 'hub' | 'deployed';
  detectedAt: string | null;
  /** Present for remote agents only. */
  remote?: RemoteAgentDetails;
}
