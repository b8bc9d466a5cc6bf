import type { TaskEvent, TaskEventBody, TaskRecord, TaskStatus } from '../../../shared/schemas/task.js';
import type { Db } from '../store/database.js';

/** What a task row holds beyond the API record: the options it was submitted with. */
export interface StoredTask extends TaskRecord {
  options: Record<string, unknown>;
  /** When the process `pid` started (process-start-time.ts): recovery stops only that process, never one that reused its pid. */
  pid_start: string | null;
  /**
   * Whether this task only groups a fan-out (children sent the same task, which settle it) rather
   * than running itself: a task an orchestrator runs has children too, dispatched ones.
   */
  fan_out: boolean;
}

export interface TaskFilter {
  status?: TaskStatus;
  agent?: string;
  parentId?: string | null;
  spaceId?: string;
  workflowId?: string;
  limit: number;
  offset: number;
}

const json = (value: unknown) => JSON.stringify(value);

/** Tasks and their event logs in SQLite; the event log of one task is capped. */
export class TaskStore {
  constructor(
    private readonly db: Db,
    private readonly maxEventsPerTask = 5_000,
    /** Masks configured secrets an agent printed (its env, a key in an error) before they are stored or sent on. */
    private readonly redact: (text: string) => string = (text) => text,
  ) {}

  insert(task: StoredTask): void {
    this.db
      .prepare(
        `INSERT INTO tasks (id, status, prompt, target, assigned_agents, result, error, created_at, updated_at, started_at,
           finished_at, correlation_id, source, parent_id, depends_on, space_id, cwd, isolation, worktree, options, exit_code, pid, pid_start,
           workflow_id, source_agent)
         VALUES (@id, @status, @prompt, @target, @assigned, @result, @error, @created_at, @updated_at, @started_at,
           @finished_at, @correlation_id, @source, @parent_id, @depends, @space_id, @cwd, @isolation, @worktree, @options, @exit_code, @pid, @pid_start,
           @workflow_id, @source_agent)`,
      )
      .run({
        workflow_id: null,
        source_agent: null,
        ...task,
        assigned: json(task.assigned_agents),
        depends: json(task.depends_on),
        worktree: task.worktree ? json(task.worktree) : null,
        options: json(task.options),
      });
  }

  /** Applies a partial change and bumps updated_at; returns the task as stored now. */
  update(id: string, change: Partial<Omit<StoredTask, 'id' | 'children' | 'fan_out'>>): StoredTask {
    const columns: Record<string, unknown> = { updated_at: new Date().toISOString() };
    for (const [key, value] of Object.entries(change)) {
      if (key === 'usage') {
        const usage = value as StoredTask['usage'];
        Object.assign(columns, { input_tokens: usage.inputTokens, output_tokens: usage.outputTokens, cached_tokens: usage.cachedTokens, cost_usd: usage.costUsd });
      } else if (key === 'assigned_agents' || key === 'depends_on' || key === 'options') columns[key] = json(value);
      else if (key === 'worktree') columns[key] = value ? json(value) : null;
      else if ((key === 'result' || key === 'error') && typeof value === 'string') columns[key] = this.redact(value);
      else columns[key] = value;
    }
    const assignments = Object.keys(columns).map((key) => `${key} = @${key}`).join(', ');
    this.db.prepare(`UPDATE tasks SET ${assignments} WHERE id = @id`).run({ ...columns, id });
    return this.get(id) as StoredTask;
  }

  get(id: string): StoredTask | undefined {
    const row = this.db.prepare<[string], Record<string, unknown>>('SELECT * FROM tasks WHERE id = ?').get(id);
    return row ? this.fromRow(row) : undefined;
  }

  list(filter: TaskFilter): { tasks: StoredTask[]; total: number } {
    const where: string[] = [];
    const params: Record<string, unknown> = { limit: filter.limit, offset: filter.offset };
    if (filter.status) {
      where.push('status = @status');
      params.status = filter.status;
    }
    if (filter.agent) {
      where.push("EXISTS (SELECT 1 FROM json_each(assigned_agents) WHERE value = @agent)");
      params.agent = filter.agent;
    }
    if (filter.spaceId) {
      where.push('space_id = @spaceId');
      params.spaceId = filter.spaceId;
    }
    if (filter.workflowId) {
      where.push('workflow_id = @workflowId');
      params.workflowId = filter.workflowId;
    }
    if (filter.parentId === null) where.push('parent_id IS NULL');
    else if (filter.parentId) {
      where.push('parent_id = @parentId');
      params.parentId = filter.parentId;
    }
    const clause = where.length ? `WHERE ${where.join(' AND ')}` : '';
    const total = (this.db.prepare(`SELECT COUNT(*) AS n FROM tasks ${clause}`).get(params) as { n: number }).n;
    const rows = this.db
      .prepare<Record<string, unknown>, Record<string, unknown>>(`SELECT * FROM tasks ${clause} ORDER BY created_at DESC, rowid DESC LIMIT @limit OFFSET @offset`)
      .all(params);
    return { tasks: rows.map((row) => this.fromRow(row)), total };
  }

  withStatus(...statuses: TaskStatus[]): StoredTask[] {
    const marks = statuses.map(() => '?').join(', ');
    return this.db
      .prepare<string[], Record<string, unknown>>(`SELECT * FROM tasks WHERE status IN (${marks}) ORDER BY created_at, rowid`)
      .all(...statuses)
      .map((row) => this.fromRow(row));
  }

  /** Stores the event (up to the cap) and returns it as stored: subscribers see the redacted body too. */
  appendEvent(taskId: string, seq: number, body: TaskEventBody): TaskEvent {
    const text = json(body);
    const redacted = this.redact(text);
    const event: TaskEvent = { taskId, seq, ts: new Date().toISOString(), body: redacted === text ? body : (JSON.parse(redacted) as TaskEventBody) };
    if (seq <= this.maxEventsPerTask) {
      this.db.prepare('INSERT INTO task_events (task_id, seq, ts, body) VALUES (?, ?, ?, ?)').run(taskId, seq, event.ts, redacted);
    }
    return event;
  }

  events(taskId: string, afterSeq = 0, limit = 1_000): TaskEvent[] {
    return this.db
      .prepare<[string, number, number], { task_id: string; seq: number; ts: string; body: string }>(
        'SELECT * FROM task_events WHERE task_id = ? AND seq > ? ORDER BY seq LIMIT ?',
      )
      .all(taskId, afterSeq, limit)
      .map((row) => ({ taskId: row.task_id, seq: row.seq, ts: row.ts, body: JSON.parse(row.body) as TaskEventBody }));
  }

  lastSeq(taskId: string): number {
    const row = this.db.prepare<[string], { seq: number | null }>('SELECT MAX(seq) AS seq FROM task_events WHERE task_id = ?').get(taskId);
    return row?.seq ?? 0;
  }

  private fromRow(row: Record<string, unknown>): StoredTask {
    const childRows = this.db
      .prepare<[string], { id: string; source_agent: string | null }>('SELECT id, source_agent FROM tasks WHERE parent_id = ? ORDER BY created_at, rowid')
      .all(row.id as string);
    const children = childRows.map((child) => child.id);
    return {
      id: row.id as string,
      status: row.status as TaskStatus,
      prompt: row.prompt as string,
      target: row.target as string,
      assigned_agents: JSON.parse(row.assigned_agents as string) as string[],
      result: row.result as string | null,
      error: row.error as string | null,
      created_at: row.created_at as string,
      updated_at: row.updated_at as string,
      started_at: row.started_at as string | null,
      finished_at: row.finished_at as string | null,
      correlation_id: row.correlation_id as string | null,
      source: row.source as string,
      parent_id: row.parent_id as string | null,
      depends_on: JSON.parse(row.depends_on as string) as string[],
      space_id: row.space_id as string | null,
      cwd: row.cwd as string | null,
      isolation: row.isolation as 'none' | 'worktree',
      worktree: row.worktree ? (JSON.parse(row.worktree as string) as StoredTask['worktree']) : null,
      options: JSON.parse(row.options as string) as Record<string, unknown>,
      exit_code: row.exit_code as number | null,
      pid: row.pid as number | null,
      pid_start: (row.pid_start as string | null | undefined) ?? null,
      usage: {
        inputTokens: row.input_tokens as number,
        outputTokens: row.output_tokens as number,
        cachedTokens: row.cached_tokens as number,
        costUsd: row.cost_usd as number,
      },
      children,
      fan_out: childRows.some((child) => child.source_agent === null),
      quota_warning: (row.quota_warning as string | null | undefined) ?? null,
      progress: (row.progress as number | null | undefined) ?? null,
      cost_source: (row.cost_source as StoredTask['cost_source'] | undefined) ?? null,
      workflow_id: (row.workflow_id as string | null | undefined) ?? null,
      source_agent: (row.source_agent as string | null | undefined) ?? null,
      agent_session_id: (row.agent_session_id as string | null | undefined) ?? null,
    };
  }
}
