import type { AgentConfig } from '../../../shared/schemas/agent.js';
import type { TaskEventBody } from '../../../shared/schemas/task.js';
import type { TaskRoutingConfig } from '../../../shared/schemas/task-routing.js';
import type { AgentRegistry } from '../agents/agent-registry.js';
import type { RoleAttachment } from '../agents/types.js';
import type { EventBus } from '../events/bus.js';
import type { GatewayEvents } from '../events/gateway-events.js';
import type { Logger } from '../log/logger.js';
import type { TaskMemory } from '../memory/space-memory.js';
import type { UsageLedger } from '../store/usage-ledger.js';
import { notStarted } from './new-task.js';
import type { DispatchDecision, DispatchOptions } from './quota-dispatch.js';
import type { RemoteTaskRuns } from './remote-runs.js';
import type { PromptChunk, SpaceStore } from './space-store.js';
import { recordFileArtifacts } from './task-artifacts.js';
import { runTask, type RunResult } from './task-run.js';
import type { StoredTask, TaskStore } from './task-store.js';
import { settleTaskUsage } from './task-usage.js';

export interface TaskManagerDeps {
  store: TaskStore;
  spaces: SpaceStore;
  agents: AgentRegistry;
  ledger: UsageLedger;
  bus: EventBus<GatewayEvents>;
  logger: Logger;
  dataDir: string;
  /** The gateway's own environment; agents get only part of it (agents/agent-env.ts). */
  env: NodeJS.ProcessEnv;
  /** Where a task's options.cwd may be (tasks.allowedRoots, resolved). */
  allowedRoots(): string[];
  gatewayAccess(taskId: string): { url: string; token: string } | undefined;
  /** Task rules (`routing:`) for tasks sent to `gateway`. */
  routing?(): TaskRoutingConfig;
  /** The most of a changed file kept as a space artifact (tasks.artifactMaxBytes). */
  artifactMaxBytes?(): number;
  /** Quota-aware dispatch: may warn about, or move the task off, an agent whose subscription is nearly used up. */
  dispatch?(agentId: string, options: DispatchOptions): Promise<DispatchDecision>;
  /** Why an agent may not start a task now (its budget, or the overall one, is spent). */
  budgetBlock?(agentId: string): string | undefined;
  /** USD for usage an agent reported without a cost (priced by model). */
  priceUsage?(usage: StoredTask['usage'], model: string | undefined): number;
  /** Runs tasks of agents of kind `remote` (the WebSocket hub). */
  remoteRuns?: RemoteTaskRuns;
  /** Runs tasks of agents of kind `model` (one call through the gateway's own pipeline). */
  modelRuns?: RemoteTaskRuns;
  /** The agent as its next task runs it: its active env preset laid over its config. */
  agentForRun?(agent: AgentConfig): AgentConfig;
  /**
   * Waits for what the task needs before it runs (a `strict` task: the lock on its directory);
   * resolves to a release called when it ends. Throws (the task fails) when that cannot be had.
   */
  beforeRun?(task: StoredTask, agentId: string, signal: AbortSignal, emit: (message: string) => void): Promise<(() => void) | undefined>;
  /** A role profile to run the task with (the orchestrator's MCP tools and system prompt), if any. */
  roleProfile?(task: StoredTask, agent: AgentConfig): RoleAttachment | undefined;
  /** The chunks of a task's space most relevant to it (space memory), looked up as the task starts. */
  memoryContext?(task: StoredTask): Promise<TaskMemory | undefined>;
}

export interface TaskIo {
  emit(taskId: string, body: TaskEventBody): void;
  update(taskId: string, change: Partial<StoredTask>): StoredTask;
  /** The space memory chunks found for this task as it started. */
  memory?: PromptChunk[];
}

/**
 * Runs the task on its agent, by kind: a remote or model agent through its own runner, any
 * other as a process (with its env preset and role profile). `release` undoes what
 * `beforeRun` took (a directory lock); call it once the task has ended.
 */
export async function runOnAgent(deps: TaskManagerDeps, task: StoredTask, agentId: string, signal: AbortSignal, io: TaskIo): Promise<{ outcome: RunResult; release?: () => void }> {
  let release: (() => void) | undefined;
  try {
    release = await deps.beforeRun?.(task, agentId, signal, (message) => io.emit(task.id, { kind: 'status', status: 'assigned', message }));
  } catch (error) {
    return { outcome: notStarted(signal.aborted ? 'cancelled' : 'failed', (error as Error).message) };
  }
  const kind = deps.agents.kindOf(agentId);
  const external = kind === 'remote' ? deps.remoteRuns : kind === 'model' ? deps.modelRuns : undefined;
  if (external) return { outcome: await external.run(task, agentId, signal, io), release };
  const configured = deps.agents.require(agentId);
  const agent = deps.agentForRun?.(configured) ?? configured;
  const detection = await deps.agents.ensureDetected(agentId);
  const outcome = await runTask(task, agent, signal, {
    role: deps.roleProfile?.(task, agent),
    spaces: deps.spaces,
    dataDir: deps.dataDir,
    env: deps.env,
    allowedRoots: () => deps.allowedRoots(),
    binaryOf: () => detection.path ?? undefined,
    gatewayAccess: (taskId) => deps.gatewayAccess(taskId),
    ...io,
  });
  return { outcome, release };
}

/** Keeps what a run leaves behind: its one cost, its files and answer in the task's space, its CLI session. */
export function recordOutcome(deps: TaskManagerDeps, task: StoredTask, agentId: string, outcome: RunResult): void {
  const { usage, source } = settleTaskUsage(deps, task, agentId, outcome.usage);
  if (task.space_id) recordFileArtifacts(deps.spaces.artifacts, deps.store.get(task.id) ?? task, outcome.fileChanges, deps.artifactMaxBytes?.());
  if (task.space_id && outcome.result) deps.spaces.addMessage(task.space_id, { role: 'agent', author: agentId, taskId: task.id, content: outcome.result });
  deps.store.update(task.id, { usage, cost_source: source, exit_code: outcome.exitCode, pid: null, pid_start: null, ...(outcome.sessionId ? { agent_session_id: outcome.sessionId } : {}) });
}
