import { randomUUID } from 'node:crypto';
import type { SpaceHistoryEntry, SpaceView } from '../../../shared/contract/views.js';
import type { MemorySource } from '../../../shared/schemas/memory.js';
import type { Db } from '../store/database.js';
import { SpaceArtifacts } from './space-artifacts.js';

export type SpaceInfo = SpaceView;

export interface SpaceUpdate {
  space_id: string;
  change: 'message' | 'artifact';
  task_id: string | null;
  name?: string;
}

export interface SpaceMessage {
  id: number;
  role: 'user' | 'agent';
  author: string | null;
  taskId: string | null;
  content: string;
  createdAt: string;
}

/** Shared spaces: a running history that tasks read from and add their results to. */
export class SpaceStore {
  /** The space's files: posted over the API or recorded from its tasks' file changes. */
  readonly artifacts: SpaceArtifacts;

  constructor(
    private readonly db: Db,
    /** Masks configured secrets in what a space keeps (an agent's answer may quote its env). */
    private readonly redact: (text: string) => string = (text) => text,
    /** Told of every message and artifact a space gains (the `context.updated` event). */
    private readonly onUpdate: (update: SpaceUpdate) => void = () => {},
  ) {
    this.artifacts = new SpaceArtifacts(db, redact, onUpdate);
  }

  create(metadata: Record<string, unknown>): SpaceInfo {
    const id = `space_${randomUUID()}`;
    const now = new Date().toISOString();
    this.db.prepare('INSERT INTO spaces (id, metadata, created_at, updated_at) VALUES (?, ?, ?, ?)').run(id, JSON.stringify(metadata), now, now);
    return this.get(id) as SpaceInfo;
  }

  /** The space with this id, created (empty) if there is none: an orchestration session id names its space. */
  ensure(id: string, metadata: Record<string, unknown> = {}): SpaceInfo {
    const now = new Date().toISOString();
    this.db.prepare('INSERT OR IGNORE INTO spaces (id, metadata, created_at, updated_at) VALUES (?, ?, ?, ?)').run(id, JSON.stringify(metadata), now, now);
    return this.get(id) as SpaceInfo;
  }

  get(id: string): SpaceInfo | undefined {
    const row = this.db
      .prepare<[string], { id: string; metadata: string; created_at: string; updated_at: string }>('SELECT * FROM spaces WHERE id = ?')
      .get(id);
    if (!row) return undefined;
    const count = (table: string) => (this.db.prepare(`SELECT COUNT(*) AS n FROM ${table} WHERE space_id = ?`).get(id) as { n: number }).n;
    return {
      shared_space_id: row.id,
      message_count: count('space_messages'),
      artifact_count: this.artifacts.count(id),
      metadata: JSON.parse(row.metadata) as Record<string, unknown>,
      created_at: row.created_at,
      updated_at: row.updated_at,
    };
  }

  list(limit = 200): SpaceInfo[] {
    return this.db
      .prepare<[number], { id: string }>('SELECT id FROM spaces ORDER BY updated_at DESC LIMIT ?')
      .all(limit)
      .map((row) => this.get(row.id) as SpaceInfo);
  }

  /** Removes a space with its messages and artifacts (its tasks stay, naming a space that is gone). */
  delete(id: string): boolean {
    this.db.prepare('DELETE FROM space_messages WHERE space_id = ?').run(id);
    this.db.prepare('DELETE FROM space_artifacts WHERE space_id = ?').run(id);
    return this.db.prepare('DELETE FROM spaces WHERE id = ?').run(id).changes > 0;
  }

  addMessage(spaceId: string, message: Omit<SpaceMessage, 'createdAt' | 'id'>): void {
    const now = new Date().toISOString();
    this.db
      .prepare('INSERT INTO space_messages (space_id, role, author, task_id, content, created_at) VALUES (?, ?, ?, ?, ?, ?)')
      .run(spaceId, message.role, message.author, message.taskId, this.redact(message.content), now);
    this.db.prepare('UPDATE spaces SET updated_at = ? WHERE id = ?').run(now, spaceId);
    this.onUpdate({ space_id: spaceId, change: 'message', task_id: message.taskId });
  }

  /**
   * What the space holds, newest first: messages (prompts and answers) and artifacts (the
   * files its tasks changed), up to `limit` entries.
   */
  history(spaceId: string, limit = 200): SpaceHistoryEntry[] {
    const messages = this.db
      .prepare<[string, number], { role: 'user' | 'agent'; author: string | null; task_id: string | null; content: string; created_at: string }>(
        'SELECT role, author, task_id, content, created_at FROM space_messages WHERE space_id = ? ORDER BY id DESC LIMIT ?',
      )
      .all(spaceId, limit)
      .map((row): SpaceHistoryEntry => ({ kind: 'message', ...row }));
    const artifacts = this.db
      .prepare<[string, number], { path: string; change: string | null; task_id: string | null; created_at: string }>(
        'SELECT path, change, task_id, created_at FROM space_artifacts WHERE space_id = ? ORDER BY id DESC LIMIT ?',
      )
      .all(spaceId, limit)
      .map((row): SpaceHistoryEntry => ({ kind: 'artifact', name: row.path, change: row.change, task_id: row.task_id, created_at: row.created_at }));
    // Both lists are newest first; a stable sort keeps each one's order among equal times.
    return [...messages, ...artifacts].sort((a, b) => b.created_at.localeCompare(a.created_at)).slice(0, limit);
  }

  /** The newest messages, oldest first, within a message count and a character budget. */
  recent(spaceId: string, maxMessages = 20, maxChars = 8_000): SpaceMessage[] {
    const rows = this.db
      .prepare<[string, number], { id: number; role: 'user' | 'agent'; author: string | null; task_id: string | null; content: string; created_at: string }>(
        'SELECT * FROM space_messages WHERE space_id = ? ORDER BY id DESC LIMIT ?',
      )
      .all(spaceId, maxMessages);
    const kept: SpaceMessage[] = [];
    let used = 0;
    for (const row of rows) {
      const content = row.content.length > maxChars / 4 ? `${row.content.slice(0, maxChars / 4)}…` : row.content;
      if (used + content.length > maxChars) break;
      used += content.length;
      kept.unshift({ id: row.id, role: row.role, author: row.author, taskId: row.task_id, content, createdAt: row.created_at });
    }
    return kept;
  }
}

/** A chunk of space memory placed in a task's prompt. */
export interface PromptChunk {
  text: string;
  source: MemorySource;
}

const sourceLabel = ({ type, task_id, artifact, author }: MemorySource) =>
  type === 'artifact' ? `artifact ${artifact}` : type === 'task' ? `result of ${task_id}${author ? ` by ${author}` : ''}` : `message from ${author ?? 'user'}`;

/**
 * The prompt a task in a space receives: the chunks of the space's memory most relevant to
 * it (when there are any), the space's recent history, then the task.
 */
export function promptWithHistory(task: string, history: SpaceMessage[], relevant: PromptChunk[] = []): string {
  if (history.length === 0 && relevant.length === 0) return task;
  const parts: string[] = [];
  if (relevant.length) {
    const lines = relevant.map((chunk, index) => `[${index + 1}] ${sourceLabel(chunk.source)}:\n${chunk.text}`);
    parts.push(`Relevant context from this space's memory (most relevant first):\n${lines.join('\n\n')}`);
  }
  if (history.length) {
    const lines = history.map((message) => `[${message.role === 'user' ? 'user' : message.author ?? 'agent'}] ${message.content}`);
    parts.push(`Shared space history (most recent last):\n${lines.join('\n')}`);
  }
  return `${parts.join('\n\n')}\n\nYour task:\n${task}`;
}
