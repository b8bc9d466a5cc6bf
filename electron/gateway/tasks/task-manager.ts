import type { AgentMessage, TaskEventBody, TaskStatus } from '../../../shared/schemas/task.js';
import type { TaskRouteDecision } from '../../../shared/schemas/task-routing.js';
import { terminalStatuses } from '../../../shared/schemas/task.js';
import { HttpError } from '../http/http-error.js';
import type { TaskMemory } from '../memory/space-memory.js';
import { settleParent } from './fan-out.js';
import { announceTask, whenAllEnded } from './task-announce.js';
import { childTaskId, composePrompt, dependencyState, newTask, priorityOf, type NewTaskInput, type TaskLink } from './new-task.js';
import type { QuotaWarning } from './quota-dispatch.js';
import { stopLeftoverGroup } from './leftover-agents.js';
import { stopRequestOf, type StopRequest } from './process-runner.js';
import { resolveTaskCwd } from './task-cwd.js';
import { explainRoute } from './task-rules.js';
import { recordOutcome, runOnAgent, type TaskManagerDeps } from './task-launch.js';
import type { StoredTask } from './task-store.js';

export type { TaskManagerDeps } from './task-launch.js';

/**
 * What a caller may choose about a task beyond its AgentMessage: its id (the JSON-RPC face's
 * Task), and how it links to the task and agent that dispatched it (orchestration).
 */
export interface SubmitExtras extends TaskLink {
  /** The task's id (children of a fan-out get `<id>@<agent>`); refused with 409 TASK_EXISTS when taken. */
  id?: string;
}

const isTerminal = (status: TaskStatus) => terminalStatuses.includes(status);
const countOf = <T>(items: Iterable<T>, test: (item: T) => boolean) => {
  let count = 0;
  for (const item of items) if (test(item)) count++;
  return count;
};

interface PendingTask {
  id: string;
  agentId: string;
  dependsOn: string[];
  /** 1 (low) to 10 (high): the queue runs higher first, in submission order within one. */
  priority: number;
}

const pendingOf = (task: StoredTask): PendingTask => ({ id: task.id, agentId: task.assigned_agents[0] as string, dependsOn: task.depends_on, priority: priorityOf(task.options) });

/**
 * Owns the task lifecycle: pending -> assigned -> running -> completed | failed | cancelled |
 * timeout, and interrupted for tasks the gateway was running when it stopped. Every change
 * is written to SQLite before it is announced, so nothing a user submitted is lost.
 */
export class TaskManager {
  private readonly active = new Map<string, { agentId: string; abort: AbortController }>();
  /** Agents whose queue holds (orchestration `pause`): their running work finishes, nothing new starts. */
  private readonly paused = new Set<string>();
  private readonly seqs = new Map<string, number>();
  /** Each task's shared space, so an event does not re-read its task. */
  private readonly spaceOf = new Map<string, string | null>();
  /** Queued tasks in order, with what scheduling needs, so a pass reads no rows it can skip. */
  private pending: PendingTask[] = [];
  private scheduling = false;
  private scheduleAgain = false;
  private started = false;
  private stopping = false;

  constructor(private readonly deps: TaskManagerDeps) {
    deps.agents.setLoad({ running: (id) => this.running(id), queued: (id) => this.queued(id) });
  }

  /**
   * Marks what was running at the last stop as interrupted and requeues what was waiting.
   * Runs before the gateway accepts work, so no task submitted now can be taken for a leftover;
   * nothing starts until start().
   */
  recover(): void {
    for (const task of this.deps.store.withStatus('assigned', 'running')) {
      if (task.fan_out) continue;
      const leftover = task.pid ? stopLeftoverGroup(task.pid, task.pid_start) : undefined;
      if (leftover) this.emit(task.id, { kind: 'status', status: 'interrupted', message: leftover });
      this.finish(task.id, { status: 'interrupted', error: 'the gateway stopped while this task was running' });
    }
    this.pending = this.deps.store.withStatus('pending').filter((task) => !task.fan_out).map(pendingOf);
    // Stable: equal priorities keep their submission order.
    this.pending.sort((a, b) => b.priority - a.priority);
    for (const parent of this.deps.store.withStatus('pending', 'running')) if (parent.fan_out) this.settle(parent.id);
  }

  /** Starts running queued tasks: once the gateway listens, so an agent can be given its address. */
  start(): void {
    this.started = true;
    this.schedule();
  }

  /** `extras` may name the task, and tie it to the task (and agent) that dispatched it and to a workflow. */
  async submit(message: AgentMessage, extras: SubmitExtras = {}): Promise<{ task_id: string; status: TaskStatus; message: string; children?: string[] }> {
    const options = message.payload.options ?? {};
    if (extras.id && this.deps.store.get(extras.id)) throw new HttpError(409, 'TASK_EXISTS', `A task '${extras.id}' already exists`);
    const spaceId = message.payload.context?.shared_space_id ?? null;
    if (spaceId && !this.deps.spaces.get(spaceId)) throw new HttpError(404, 'SPACE_NOT_FOUND', `No shared space '${spaceId}'`);
    for (const dependency of options.dependsOn ?? []) {
      if (!this.deps.store.get(dependency)) throw new HttpError(400, 'UNKNOWN_DEPENDENCY', `options.dependsOn: no task '${dependency}'`);
    }
    const { id: _id, ...link } = extras;
    const base = { message, spaceId, dependsOn: options.dependsOn ?? [], link };
    const route = message.target === 'gateway' && !options.agents ? await this.routeAutomatically(message.payload.task, options.capabilities ?? []) : undefined;
    const fanOut = options.agents ?? (route && route.agents.length > 1 ? route.agents : undefined);
    if (fanOut) {
      const agents = fanOut.map((id) => this.usableAgent(id));
      const cwds = agents.map((agent) => this.cwdFor(options.cwd, agent));
      const sharedCwd = cwds.every((cwd) => cwd === cwds[0]) ? (cwds[0] ?? null) : null;
      const parent = this.create({ ...base, id: extras.id, cwd: sharedCwd, target: message.target, agents, parentId: null, routed: route?.reason });
      let previous: string | undefined;
      const sequential = options.mode === 'sequential';
      const children = agents.map((agent, index) => {
        const dependsOn = sequential && previous ? [...base.dependsOn, previous] : base.dependsOn;
        // chain_mode: each agent of a sequence gets the previous one's result as context.
        const chainFrom = sequential && options.chainMode === true ? previous : undefined;
        const id = extras.id ? childTaskId(extras.id, agent) : undefined;
        const child = this.create({ ...base, link: { workflowId: link.workflowId }, id, cwd: cwds[index] ?? null, dependsOn, chainFrom, target: agent, agents: [agent], parentId: parent.id });
        previous = child.id;
        this.enqueue(pendingOf(child));
        return child.id;
      });
      this.schedule();
      const mode = options.mode ?? 'parallel';
      return { task_id: parent.id, status: 'pending', message: `Task sent to ${agents.length} agents (${mode})${route ? `: ${route.reason}` : ''}`, children };
    }
    const chosen = route ? (route.agents[0] as string) : this.usableAgent(message.target);
    const dispatch = await this.deps.dispatch?.(chosen, { capabilities: options.capabilities ?? [], preferAvailable: options.preferAvailable === true });
    const agent = dispatch?.agentId ?? chosen;
    const task = this.create({ ...base, id: extras.id, cwd: this.cwdFor(options.cwd, agent), target: message.target, agents: [agent], parentId: null, routed: route?.reason });
    if (dispatch?.warning) this.noteQuotaWarning(task.id, dispatch.warning);
    this.enqueue(pendingOf(task));
    this.schedule();
    const queued = this.pending.some((entry) => entry.id === task.id);
    return { task_id: task.id, status: 'pending', message: queued ? `Task queued for ${agent}` : `Task started on ${agent}` };
  }

  /**
   * Stops a task and its children: `cancel` ends it (SIGTERM, then SIGKILL after a grace),
   * `interrupt` sends SIGINT and ends it as `interrupted`, its CLI session kept so a re-run
   * continues it; `hard` SIGKILLs the process tree at once. A `reason` is said in its events.
   */
  cancel(id: string, how: { stop?: StopRequest; reason?: string } = {}): StoredTask {
    const { stop = { mode: 'cancel' }, reason } = how;
    const task = this.require(id);
    if (isTerminal(task.status)) throw new HttpError(409, 'TASK_FINISHED', `Task '${id}' already ended (${task.status})`);
    if (reason) this.emit(id, { kind: 'status', status: task.status, message: `cancel requested: ${reason}` });
    for (const child of task.children) {
      const state = this.deps.store.get(child);
      if (state && !isTerminal(state.status)) this.cancel(child, how);
    }
    const running = this.active.get(id);
    if (running) running.abort.abort(stop);
    else if (!task.fan_out) {
      this.pending = this.pending.filter((entry) => entry.id !== id);
      this.finish(id, stop.mode === 'interrupt' ? { status: 'interrupted', error: 'interrupted before it started' } : { status: 'cancelled', error: 'cancelled before it started' });
    }
    return this.require(id);
  }

  /** Holds the agent's queue: what runs finishes, nothing new starts until resume. */
  pauseAgent(agentId: string): void {
    this.paused.add(agentId);
    this.deps.bus.emit('agent.changed', { id: agentId });
  }

  resumeAgent(agentId: string): void {
    if (!this.paused.delete(agentId)) return;
    this.deps.bus.emit('agent.changed', { id: agentId });
    this.schedule();
  }

  isPaused(agentId: string): boolean {
    return this.paused.has(agentId);
  }

  /** Ids of the tasks running now (not queued). */
  runningTaskIds(): string[] {
    return [...this.active.keys()];
  }

  require(id: string): StoredTask {
    const task = this.deps.store.get(id);
    if (!task) throw new HttpError(404, 'TASK_NOT_FOUND', `No task '${id}'`);
    return task;
  }

  running(agentId: string): number {
    return countOf(this.active.values(), (run) => run.agentId === agentId);
  }

  queued(agentId: string): number {
    return countOf(this.pending, (entry) => entry.agentId === agentId);
  }

  /** How many of its agent's queued tasks run before this one (0: next), or undefined when it is not queued. */
  queuePosition(taskId: string): number | undefined {
    const at = this.pending.findIndex((entry) => entry.id === taskId);
    return at === -1 ? undefined : countOf(this.pending.slice(0, at), (entry) => entry.agentId === this.pending[at]!.agentId);
  }

  /** Stops every running agent; their tasks end as interrupted, queued ones stay queued. */
  async stop(): Promise<void> {
    this.stopping = true;
    const ended = whenAllEnded(this.deps.bus, [...this.active.keys()], 8_000);
    for (const run of this.active.values()) run.abort.abort();
    await ended;
  }

  /** The task's directory, resolved and checked now so a refusal is the submitter's 400. */
  private cwdFor(requested: string | undefined, agentId: string): string | null {
    return requested === undefined ? null : resolveTaskCwd(requested, this.deps.agents.require(agentId), this.deps.allowedRoots());
  }

  private create(input: NewTaskInput): StoredTask {
    const task = newTask(input);
    this.deps.store.insert(task);
    this.spaceOf.set(task.id, task.space_id);
    this.deps.bus.emit('task.submitted', { task_id: task.id, target: task.target, assigned_agents: task.assigned_agents, space_id: task.space_id, parent_id: task.parent_id });
    this.emit(task.id, { kind: 'status', status: 'pending', message: `submitted for ${input.agents.join(', ')}${input.routed ? `: ${input.routed}` : ''}` });
    if (task.space_id && !task.parent_id) this.deps.spaces.addMessage(task.space_id, { role: 'user', author: input.message.source, taskId: task.id, content: task.prompt });
    return task;
  }

  /** Queues a task behind every task of its priority or higher. */
  private enqueue(entry: PendingTask): void {
    const at = this.pending.findIndex((other) => other.priority < entry.priority);
    if (at === -1) this.pending.push(entry);
    else this.pending.splice(at, 0, entry);
  }

  /**
   * An agent named by the submitter, refused at once when it could never start the task
   * (disabled, or its executable missing). A busy agent is fine: the task waits in its queue.
   */
  private usableAgent(id: string): string {
    const agent = this.deps.agents.get(id);
    if (!agent.enabled) throw new HttpError(409, 'AGENT_DISABLED', `Agent '${id}' is disabled`);
    const offline = this.deps.agents.offlineReason(id);
    if (offline) throw new HttpError(409, 'AGENT_OFFLINE', `Agent '${id}' is offline: ${offline}`);
    return agent.id;
  }

  /** Task rules, capabilities, default agent, fallback (task-rules.ts); 422 when nothing can take the task. */
  private async routeAutomatically(task: string, capabilities: string[]): Promise<TaskRouteDecision> {
    const decision = await explainRoute(this.deps.agents, this.deps.routing?.() ?? { rules: [], fallback: 'none' }, task, capabilities);
    if (decision.step === 'none') throw new HttpError(422, 'NO_AGENT_AVAILABLE', decision.reason);
    return decision;
  }

  /** Starts every queued task whose dependencies are met and whose agent has a free slot. */
  private schedule(): void {
    if (!this.started || this.stopping) return;
    // A launch can end a parent task, which schedules again: run such a pass after this one.
    if (this.scheduling) {
      this.scheduleAgain = true;
      return;
    }
    this.scheduling = true;
    try {
      do {
        this.scheduleAgain = false;
        this.schedulePass();
      } while (this.scheduleAgain);
    } finally {
      this.scheduling = false;
    }
  }

  private schedulePass(): void {
    const full = new Set<string>();
    const keep: PendingTask[] = [];
    const queue = this.pending;
    this.pending = keep;
    for (const entry of queue) {
      if (full.has(entry.agentId) || this.paused.has(entry.agentId)) {
        keep.push(entry);
        continue;
      }
      const blocker = entry.dependsOn.length ? dependencyState(entry.dependsOn, (id) => this.deps.store.get(id)) : undefined;
      if (blocker === 'wait') {
        keep.push(entry);
        continue;
      }
      if (blocker) {
        this.finishLater(entry.id, blocker);
        continue;
      }
      const maxConcurrent = this.deps.agents.maxConcurrentOf(entry.agentId);
      if (maxConcurrent === undefined) {
        this.finishLater(entry.id, `agent '${entry.agentId}' no longer exists`);
        continue;
      }
      if (this.running(entry.agentId) >= maxConcurrent) {
        full.add(entry.agentId);
        keep.push(entry);
        continue;
      }
      const overBudget = this.deps.budgetBlock?.(entry.agentId);
      if (overBudget) {
        this.finishLater(entry.id, overBudget);
        continue;
      }
      const task = this.deps.store.get(entry.id);
      if (!task || task.status !== 'pending') continue;
      // Reserve the slot now: launch() is async, and the next entry must see it taken.
      this.active.set(task.id, { agentId: entry.agentId, abort: new AbortController() });
      this.deps.bus.emit('agent.changed', { id: entry.agentId });
      void this.launch(task, entry.agentId);
    }
  }

  /** Fails a queued task outside the current scheduling pass (finish() schedules again). */
  private finishLater(id: string, error: string): void {
    queueMicrotask(() => this.finish(id, { status: 'failed', error }));
  }

  private async launch(stored: StoredTask, agentId: string): Promise<void> {
    const abort = this.active.get(stored.id)!.abort;
    this.setStatus(stored.id, 'assigned');
    if (stored.parent_id && !stored.source_agent) this.settle(stored.parent_id);
    const memory = await this.relevantMemory(stored);
    const io = {
      emit: (taskId: string, body: TaskEventBody) => this.emit(taskId, body),
      update: (taskId: string, change: Partial<StoredTask>) => this.deps.store.update(taskId, change),
      ...(memory?.chunks.length ? { memory: memory.chunks } : {}),
    };
    // The agent gets the context and (in a chain) the previous agent's result with its prompt; the stored prompt stays the caller's.
    const chainFrom = stored.options.chainFrom as string | undefined;
    const task = { ...stored, prompt: composePrompt(stored, chainFrom ? this.deps.store.get(chainFrom) : undefined) };
    const { outcome, release } = await runOnAgent(this.deps, task, agentId, abort.signal, io);
    release?.();
    this.active.delete(task.id);
    this.deps.bus.emit('agent.changed', { id: agentId });
    const interrupted = outcome.status === 'cancelled' && (this.stopping || (abort.signal.aborted && stopRequestOf(abort.signal.reason).mode === 'interrupt'));
    recordOutcome(this.deps, task, agentId, outcome);
    const why = this.stopping ? 'the gateway stopped while this task was running' : 'interrupted; a re-run continues its session where the agent supports it';
    this.finish(task.id, interrupted ? { status: 'interrupted', error: why } : outcome);
    this.schedule();
  }

  /** The task's relevant space memory, found as it starts; its events say which chunks it was given. */
  private async relevantMemory(task: StoredTask): Promise<TaskMemory | undefined> {
    if (!task.space_id || !this.deps.memoryContext) return undefined;
    try {
      const memory = await this.deps.memoryContext(task);
      if (memory?.chunks.length) {
        const chunks = memory.chunks.map(({ text: _text, ...chunk }) => chunk);
        this.emit(task.id, { kind: 'memory', mode: memory.mode, chunks, ...(memory.warnings.length ? { message: memory.warnings.join('; ') } : {}) });
      }
      return memory;
    } catch (error) {
      this.deps.logger.warn('space memory: the task starts without its relevant context', { task: task.id, error: String(error) });
      return undefined;
    }
  }

  private noteQuotaWarning(taskId: string, warning: QuotaWarning): void {
    this.deps.store.update(taskId, { quota_warning: warning.message });
    this.emit(taskId, { kind: 'quota_warning', ...warning });
  }

  private finish(id: string, outcome: { status: TaskStatus; result?: string | null; error?: string | null }): void {
    const task = this.deps.store.update(id, { status: outcome.status, result: outcome.result ?? null, error: outcome.error ?? null, finished_at: new Date().toISOString() });
    this.emit(id, { kind: 'status', status: outcome.status, ...(outcome.error ? { message: outcome.error } : {}) });
    announceTask(this.deps.bus, task);
    if (task.parent_id && !task.source_agent) this.settle(task.parent_id);
    this.schedule();
  }

  private settle(parentId: string): void {
    const parent = this.deps.store.get(parentId);
    if (!parent || isTerminal(parent.status) || !parent.fan_out) return;
    const children = parent.children.map((id) => this.deps.store.get(id)).filter((child): child is StoredTask => Boolean(child) && !child?.source_agent);
    const next = settleParent(parent, children);
    if (!next) return;
    if (isTerminal(next.status)) this.finish(parentId, next);
    else if (next.status !== parent.status) this.setStatus(parentId, next.status);
  }

  private setStatus(id: string, status: TaskStatus): void {
    const task = this.deps.store.update(id, { status });
    this.emit(id, { kind: 'status', status });
    announceTask(this.deps.bus, task);
  }

  private emit(taskId: string, body: TaskEventBody): void {
    const seq = (this.seqs.get(taskId) ?? this.deps.store.lastSeq(taskId)) + 1;
    this.seqs.set(taskId, seq);
    const event = this.deps.store.appendEvent(taskId, seq, body);
    if (!this.spaceOf.has(taskId)) this.spaceOf.set(taskId, this.deps.store.get(taskId)?.space_id ?? null);
    this.deps.bus.emit('task.event', { ...event, space_id: this.spaceOf.get(taskId) ?? null });
    if (body.kind === 'status' && isTerminal(body.status)) {
      this.seqs.delete(taskId);
      this.spaceOf.delete(taskId);
    }
  }
}
