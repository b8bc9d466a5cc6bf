import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { AgentConfig } from '../../../shared/schemas/agent.js';
import type { TaskEventBody, TaskStatus, TaskUsage } from '../../../shared/schemas/task.js';
import { adapterFor } from '../agents/adapters/index.js';
import { agentEnvironment, inheritedNames } from '../agents/agent-env.js';
import type { RoleAttachment, SpawnPlan } from '../agents/types.js';
import { runProcess, type RunOutcome } from './process-runner.js';
import { promptWithHistory, type PromptChunk, type SpaceStore } from './space-store.js';
import { resolveTaskCwd } from './task-cwd.js';
import type { StoredTask } from './task-store.js';
import { createWorktree, worktreeDiffStat } from './worktree.js';
import { collectEvents, type EventSummary } from './event-collector.js';
import { runHttpTask } from './http-task-run.js';

export interface RunDeps {
  spaces: SpaceStore;
  dataDir: string;
  /** The gateway's own environment, which agents get only the documented part of. */
  env: NodeJS.ProcessEnv;
  allowedRoots(): string[];
  binaryOf(agentId: string): string | undefined;
  gatewayAccess(taskId: string): { url: string; token: string } | undefined;
  emit(taskId: string, body: TaskEventBody): void;
  update(taskId: string, change: Partial<StoredTask>): StoredTask;
  /** The space memory chunks found for this task as it started. */
  memory?: PromptChunk[];
  /** The role profile to run with (the orchestrator's), if any. */
  role?: RoleAttachment;
}

export interface RunResult {
  status: TaskStatus;
  result: string | null;
  error: string | null;
  exitCode: number | null;
  usage: TaskUsage;
  fileChanges: { path: string; change: string }[];
  /** The CLI's own session id, kept so an interrupted task can be continued. */
  sessionId?: string;
}

const defaultTimeoutMs = 3_600_000;

/** Runs one task on one agent from workspace to outcome; never throws, always settles. */
export async function runTask(task: StoredTask, agent: AgentConfig, signal: AbortSignal, deps: RunDeps): Promise<RunResult> {
  if (agent.adapter === 'http') return runHttpTask(task, agent, signal, deps);
  const adapter = adapterFor(agent.adapter);
  const collected = collectEvents();
  const emit = (body: TaskEventBody) => {
    collected.see(body);
    // A result with no words (an agent that exited silently) still decides the verdict,
    // but is not worth a row in the log: the status event says how the task ended.
    if (body.kind === 'result' && !body.text.trim()) return;
    deps.emit(task.id, body);
  };
  let cwd: string;
  try {
    cwd = await prepareWorkspace(task, agent, deps);
  } catch (error) {
    return { ...collected.summary(), status: 'failed', result: null, error: (error as Error).message, exitCode: null };
  }
  // The space already holds this task's own prompt: the agent gets it once, as its task.
  const history = task.space_id ? deps.spaces.recent(task.space_id).filter((message) => message.taskId !== task.id) : [];
  let plan: SpawnPlan;
  const role = deps.role;
  const prompt = promptWithHistory(task.prompt, history, deps.memory);
  try {
    plan = adapter.buildSpawnPlan(
      {
        id: task.id,
        prompt: role && !adapter.rolesNative ? `${role.systemPrompt}\n\n${prompt}` : prompt,
        model: (task.options.model as string | undefined) ?? undefined,
        resumeSessionId: (task.options.resumeSessionId as string | undefined) ?? undefined,
      },
      agent,
      {
        binary: deps.binaryOf(agent.id) ?? agent.path ?? adapter.defaultBinary,
        cwd,
        gateway: agent.routeModelsThroughGateway ? deps.gatewayAccess(task.id) : undefined,
        ...(role ? { role } : {}),
      },
    );
  } catch (error) {
    return { ...collected.summary(), status: 'failed', result: null, error: `cannot start ${agent.id}: ${(error as Error).message}`, exitCode: null };
  }
  const parser = adapter.createParser();
  const timeoutSeconds = task.options.timeout as number | undefined;
  const handle = runProcess({
    plan,
    baseEnv: agentEnvironment(deps.env, inheritedNames(adapter, agent)),
    signal,
    timeoutMs: timeoutSeconds ? timeoutSeconds * 1000 : (agent.timeoutMs ?? defaultTimeoutMs),
    onStdoutLine: (line) => parser.line(line).forEach(emit),
    onStderrLine: (line) => emit({ kind: 'log', stream: 'stderr', text: line.slice(0, 2_000) }),
  });
  deps.update(task.id, { status: 'running', started_at: new Date().toISOString(), cwd, pid: handle.pid ?? null, pid_start: handle.startTime ?? null });
  deps.emit(task.id, { kind: 'status', status: 'running', message: `pid ${handle.pid ?? '?'} in ${cwd}` });
  const outcome = await handle.done;
  // What a parser makes of output cut short by a cancel or a timeout is no answer of the agent's.
  const closing = parser.end(outcome.exitCode);
  if (outcome.kind !== 'cancelled' && outcome.kind !== 'timeout') closing.forEach(emit);
  if (task.worktree) {
    const stat = await worktreeDiffStat({ path: task.worktree.path, base: task.worktree.base }).catch(() => undefined);
    if (stat) deps.update(task.id, { worktree: { ...task.worktree, diffStat: stat.stat } });
  }
  const sessionId = parser.sessionId?.() ?? collected.summary().sessionId;
  return { ...collected.summary(), ...verdict(outcome, collected.summary()), exitCode: outcome.exitCode, ...(sessionId ? { sessionId } : {}) };
}

async function prepareWorkspace(task: StoredTask, agent: AgentConfig, deps: RunDeps): Promise<string> {
  // Checked again at launch: the roots may have changed, or a directory been swapped for a
  // link, while the task waited in the queue.
  let cwd = task.cwd ? resolveTaskCwd(task.cwd, agent, deps.allowedRoots()) : agent.cwd;
  if (!cwd) {
    // No directory named: a fresh one per task, so an agent never writes somewhere unexpected.
    cwd = join(deps.dataDir, 'workspaces', task.id);
    mkdirSync(cwd, { recursive: true });
  }
  if (task.isolation !== 'worktree') return cwd;
  const worktree = await createWorktree(cwd, task.id, { baseDir: join(deps.dataDir, 'worktrees'), title: task.prompt });
  task.worktree = { path: worktree.path, branch: worktree.branch, base: worktree.base, diffStat: null };
  deps.update(task.id, { worktree: task.worktree });
  deps.emit(task.id, { kind: 'status', status: 'assigned', message: `worktree ${worktree.path} on branch ${worktree.branch}` });
  return worktree.path;
}

function verdict(outcome: RunOutcome, seen: EventSummary): Pick<RunResult, 'status' | 'error'> {
  if (outcome.kind === 'cancelled') return { status: 'cancelled', error: 'cancelled' };
  if (outcome.kind === 'timeout') return { status: 'timeout', error: `timed out after ${Math.round(outcome.durationMs / 1000)}s` };
  if (outcome.kind === 'spawn-error') return { status: 'failed', error: outcome.error ?? 'the agent could not be started' };
  if (outcome.exitCode !== 0) {
    const tail = outcome.stderrTail.trim().split('\n').slice(-10).join('\n');
    const how = outcome.signal ? `was killed by ${outcome.signal}` : `exited with code ${outcome.exitCode}`;
    return { status: 'failed', error: `the agent ${how}${tail ? `: ${tail}` : ''}` };
  }
  if (seen.resultIsError) return { status: 'failed', error: seen.result ?? seen.lastError ?? 'the agent reported an error' };
  return { status: 'completed', error: null };
}
