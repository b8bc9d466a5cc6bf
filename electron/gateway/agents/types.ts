import type { AdapterId, AgentConfig } from '../../../shared/schemas/agent.js';
import type { TaskEventBody } from '../../../shared/schemas/task.js';

/** What an adapter needs to know about the task it plans a run for. */
export interface TaskSpec {
  id: string;
  /** The full prompt, shared-space history already prepended. */
  prompt: string;
  /** Model override for this task (else the agent's `model`). */
  model?: string;
  /** The CLI session an interrupted task left, to continue instead of starting afresh. */
  resumeSessionId?: string;
}

/** An MCP server the agent is given for this run, with the only tools of it the agent may call. */
export interface McpAttachment {
  /** The server's name in the CLI's config (`agentmesh`): tools appear as mcp__agentmesh__… */
  name: string;
  /** Streamable HTTP endpoint (the gateway's /mcp). */
  url: string;
  /** Bearer token scoped to the task; goes in env, never argv. */
  token: string;
  tools: string[];
  /** How long one tool call may take (a blocking dispatch waits for its child task). */
  toolTimeoutSec: number;
}

/** A role profile applied to a run: what the agent is told it is, and the tools that come with the role. */
export interface RoleAttachment {
  role: string;
  systemPrompt: string;
  mcp?: McpAttachment;
}

export interface SpawnContext {
  /** The resolved executable (absolute path when detection found it). */
  binary: string;
  /** Working directory of the run (a worktree when the task asked for isolation). */
  cwd: string;
  /** Present when the agent's model calls should go through this gateway. */
  gateway?: { url: string; token: string };
  /** A role profile (the orchestrator's): its system prompt and MCP server. */
  role?: RoleAttachment;
}

/** A process to start. Never a shell line: `command` + `args`, secrets only in `env`. */
export interface SpawnPlan {
  command: string;
  args: string[];
  /** Laid over the base environment the runner starts from (agent-env.ts), never over the gateway's own. */
  env: Record<string, string>;
  /** Written to stdin, which is then closed; undefined leaves stdin closed at once. */
  stdin?: string;
  cwd: string;
}

/** Turns one CLI's structured output into TaskEvents; stateful per run. */
export interface OutputParser {
  /** One line of stdout (without the newline). */
  line(text: string): TaskEventBody[];
  /** The process ended; flush anything held back (e.g. a final result from plain-text output). */
  end(exitCode: number | null): TaskEventBody[];
  /** The CLI's own session id once it printed one, even if the run was cut short. */
  sessionId?(): string | undefined;
}

/**
 * An adapter only plans and parses; one process runner spawns everything. Every adapter
 * passes the shared contract suite in adapter-contract.test.ts.
 */
export interface AgentAdapter {
  id: AdapterId;
  label: string;
  /** Executable looked up on PATH when the agent config gives no `path`. */
  defaultBinary: string;
  /** Arguments that print the version (`--version`); undefined when the CLI has none. */
  versionArgs?: string[];
  /** Capabilities an agent of this adapter has unless its config lists its own. */
  defaultCapabilities: string[];
  /**
   * Variables of the gateway's environment the CLI reads to find its own login and config
   * (a config directory, a keyring socket), passed on top of the base environment of
   * agent-env.ts. Never a credential: an API key reaches an agent only through its `env`.
   */
  loginEnv: readonly string[];
  /**
   * Whether buildSpawnPlan applies `ctx.role` itself (a system prompt flag, an MCP config);
   * otherwise the runner puts the role's system prompt before the task's prompt.
   */
  rolesNative?: boolean;
  buildSpawnPlan(task: TaskSpec, agent: AgentConfig, ctx: SpawnContext): SpawnPlan;
  createParser(): OutputParser;
}
