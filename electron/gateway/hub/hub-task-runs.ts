import type { HubConfig, OutboundFrame, ProgressFrame, ResultInFrame } from '../../../shared/schemas/hub.js';
import type { TaskStatus } from '../../../shared/schemas/task.js';
import type { Logger } from '../log/logger.js';
import type { RemoteRunIo, RemoteTaskRuns } from '../tasks/remote-runs.js';
import { promptWithHistory, type SpaceStore } from '../tasks/space-store.js';
import type { RunResult } from '../tasks/task-run.js';
import type { StoredTask } from '../tasks/task-store.js';
import { sendFrame, type AgentSessions, type Session, type SessionListener } from './agent-sessions.js';
import { HubError } from './hub-error.js';
import type { TaskResults } from './message-router.js';

interface Run {
  task: StoredTask;
  agentId: string;
  frame: Extract<OutboundFrame, { type: 'task' }>;
  io: RemoteRunIo;
  /** The session the task was last sent on (undefined: not sent yet). */
  sentOn: string | undefined;
  waiting: NodeJS.Timeout | undefined;
  deadline: NodeJS.Timeout;
  settle(result: RunResult): void;
}

const defaultTimeoutMs = 3_600_000;
const noUsage = { inputTokens: 0, outputTokens: 0, cachedTokens: 0, costUsd: 0 };
const resultText = (result: unknown) => (result === undefined || result === null ? '' : typeof result === 'string' ? result : JSON.stringify(result));

/**
 * Tasks on remote agents: the task goes out as a `task` frame, `progress` frames become task
 * events, and a `result` on the task's conversation ends it. Cancel (or timeout) sends
 * `cancel`. When the agent drops mid-task the run waits up to heartbeat_timeout for the same
 * agent_id to come back, sends the task again, or else ends it as interrupted.
 */
export class HubTaskRuns implements RemoteTaskRuns, TaskResults, SessionListener {
  private readonly runs = new Map<string, Run>();

  constructor(private readonly deps: { sessions: AgentSessions; spaces: SpaceStore; config: () => HubConfig; logger: Logger }) {}

  run(task: StoredTask, agentId: string, signal: AbortSignal, io: RemoteRunIo): Promise<RunResult> {
    return new Promise((resolve) => {
      const history = task.space_id ? this.deps.spaces.recent(task.space_id) : [];
      const timeoutSeconds = task.options.timeout as number | undefined;
      const timeoutMs = timeoutSeconds ? timeoutSeconds * 1_000 : defaultTimeoutMs;
      const run: Run = {
        task,
        agentId,
        io,
        sentOn: undefined,
        waiting: undefined,
        frame: {
          type: 'task',
          task_id: task.id,
          conversation_id: task.id,
          prompt: promptWithHistory(task.prompt, history, io.memory),
          options: task.options,
          metadata: { source: task.source, correlation_id: task.correlation_id, space_id: task.space_id, parent_id: task.parent_id, created_at: task.created_at },
        },
        deadline: setTimeout(() => this.end(run, 'timeout', null, `timed out after ${Math.round(timeoutMs / 1_000)}s`), timeoutMs),
        settle: resolve,
      };
      this.runs.set(task.id, run);
      if (signal.aborted) return this.end(run, 'cancelled', null, 'cancelled');
      signal.addEventListener('abort', () => this.end(run, 'cancelled', null, 'cancelled'), { once: true });
      const session = this.deps.sessions.current(agentId);
      if (session) this.deliver(run, session);
      else this.awaitAgent(run, `agent '${agentId}' is not connected`);
    });
  }

  handles(conversationId: string): boolean {
    return this.runs.has(conversationId);
  }

  complete(session: Session, frame: ResultInFrame): void {
    const run = this.ownRun(session, frame.conversation_id, frame.message_id);
    const text = resultText(frame.result);
    run.io.emit(run.task.id, { kind: 'result', text, ...(frame.success ? {} : { isError: true }) });
    if (frame.success) this.end(run, 'completed', text, null);
    else this.end(run, 'failed', text || null, text || `agent '${run.agentId}' reported a failure`);
  }

  progress(session: Session, frame: ProgressFrame): void {
    const run = this.ownRun(session, frame.task_id);
    run.io.emit(run.task.id, { kind: 'progress', ...(frame.percent !== undefined ? { percent: frame.percent } : {}), ...(frame.text !== undefined ? { text: frame.text } : {}) });
    if (frame.percent !== undefined) run.io.update(run.task.id, { progress: frame.percent });
  }

  connected(session: Session): void {
    for (const run of this.runs.values()) if (run.agentId === session.agentId) this.deliver(run, session);
  }

  disconnected(session: Session): void {
    for (const run of this.runs.values()) {
      if (run.sentOn === session.id) this.awaitAgent(run, `agent '${run.agentId}' disconnected`);
    }
  }

  private ownRun(session: Session, taskId: string, messageId?: string): Run {
    const run = this.runs.get(taskId);
    if (!run) throw new HubError('INVALID_MESSAGE', `Task '${taskId}' is not running on the hub`, messageId);
    if (run.agentId !== session.agentId) throw new HubError('UNAUTHORIZED', `Task '${taskId}' belongs to agent '${run.agentId}'`, messageId);
    return run;
  }

  private deliver(run: Run, session: Session): void {
    clearTimeout(run.waiting);
    run.waiting = undefined;
    const first = run.sentOn === undefined;
    run.sentOn = session.id;
    sendFrame(session.socket, run.frame);
    if (first) run.io.update(run.task.id, { status: 'running', started_at: new Date().toISOString(), progress: null });
    const message = first ? `sent to remote agent ${run.agentId} (session ${session.id})` : `agent ${run.agentId} is back (session ${session.id}); the task was sent again`;
    run.io.emit(run.task.id, { kind: 'status', status: 'running', message });
  }

  private awaitAgent(run: Run, why: string): void {
    if (run.waiting) return;
    const seconds = this.deps.config().heartbeatTimeout;
    const started = run.sentOn !== undefined;
    run.io.emit(run.task.id, { kind: 'status', status: started ? 'running' : 'assigned', message: `${why}; waiting up to ${seconds}s for it to connect` });
    run.waiting = setTimeout(() => {
      if (started) this.end(run, 'interrupted', null, `${why} mid-task and did not come back within ${seconds}s`);
      else this.end(run, 'failed', null, `${why} (waited ${seconds}s)`);
    }, seconds * 1_000);
  }

  private end(run: Run, status: TaskStatus, result: string | null, error: string | null): void {
    if (this.runs.get(run.task.id) !== run) return;
    this.runs.delete(run.task.id);
    clearTimeout(run.waiting);
    clearTimeout(run.deadline);
    const session = this.deps.sessions.current(run.agentId);
    if ((status === 'cancelled' || status === 'timeout') && session && run.sentOn) sendFrame(session.socket, { type: 'cancel', task_id: run.task.id });
    this.deps.logger.debug('hub task ended', { task: run.task.id, agent: run.agentId, status });
    run.settle({ status, result, error, exitCode: null, usage: { ...noUsage }, fileChanges: [] });
  }
}
