import type { MemoryConfig } from '../../../shared/schemas/memory.js';
import type { Db } from '../store/database.js';
import { guessMime, isText } from '../tasks/space-artifacts.js';
import { chunkText } from './chunker.js';
import type { MemoryStore } from './memory-store.js';
import type { VectorIndex } from './vector-index.js';

interface MessageRow {
  id: number;
  space_id: string;
  role: 'user' | 'agent';
  author: string | null;
  task_id: string | null;
  content: string;
  created_at: string;
}

interface ArtifactRow {
  id: number;
  space_id: string;
  task_id: string | null;
  path: string;
  mime: string | null;
  content: Buffer | null;
  created_at: string;
}

const messagesKey = 'indexed_message_id';
const artifactsKey = 'indexed_artifact_id';
/** Rows taken per turn of the event loop, so a large backlog (the first start) never stalls requests. */
const rowsPerTurn = 200;

const textMime = (mime: string) => mime.startsWith('text/') || /json|yaml|xml|javascript|typescript|svg/.test(mime);

/**
 * Brings space memory up to the spaces: chunks every message, task result and text artifact
 * added since the last run (kept as row-id watermarks), in small transactions off the request
 * path. A newer version of an artifact replaces the chunks of the older ones.
 */
export class SpaceIndexer {
  private scheduled = false;
  private stopped = false;

  constructor(
    private readonly db: Db,
    private readonly store: MemoryStore,
    private readonly vectors: VectorIndex,
    private readonly config: () => MemoryConfig,
    /** Told when chunks were added (the embedding worker picks them up). */
    private readonly onIndexed: () => void,
  ) {}

  /** Indexes what is new, soon (never inside the caller's own turn). */
  schedule(): void {
    if (this.scheduled || this.stopped) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      if (this.stopped) return;
      const { added, more } = this.catchUp(rowsPerTurn);
      if (added) this.onIndexed();
      if (more) this.schedule();
    });
  }

  stop(): void {
    this.stopped = true;
  }

  /** Indexes up to `limit` new rows of each kind; says whether more are left. */
  catchUp(limit = Number.MAX_SAFE_INTEGER): { added: number; more: boolean } {
    const { chunkChars: size, chunkOverlap } = this.config();
    const options = { size, overlap: Math.min(chunkOverlap, Math.floor(size / 2)) };
    return this.store.transaction(() => {
      let added = 0;
      const messages = this.db
        .prepare<[number, number], MessageRow>('SELECT id, space_id, role, author, task_id, content, created_at FROM space_messages WHERE id > ? ORDER BY id LIMIT ?')
        .all(Number(this.store.state(messagesKey) ?? 0), limit);
      for (const row of messages) {
        const type = row.role === 'agent' && row.task_id ? 'task' : 'message';
        const source = { spaceId: row.space_id, type, sourceId: row.id, taskId: row.task_id, author: row.author ?? row.role, artifact: null, createdAt: Date.parse(row.created_at) } as const;
        added += this.store.add(source, chunkText(row.content, options));
      }
      if (messages.length) this.store.setState(messagesKey, String(messages.at(-1)!.id));
      const artifacts = this.db
        .prepare<[number, number], ArtifactRow>('SELECT id, space_id, task_id, path, mime, content, created_at FROM space_artifacts WHERE id > ? ORDER BY id LIMIT ?')
        .all(Number(this.store.state(artifactsKey) ?? 0), limit);
      for (const row of artifacts) {
        const older = this.store.refsOf(row.space_id, row.path);
        this.vectors.remove(older);
        this.store.remove(older);
        const mime = row.mime ?? guessMime(row.path, row.content);
        if (!row.content || !textMime(mime) || !isText(row.content)) continue;
        const source = { spaceId: row.space_id, type: 'artifact', sourceId: row.id, taskId: row.task_id, author: null, artifact: row.path, createdAt: Date.parse(row.created_at) } as const;
        added += this.store.add(source, chunkText(row.content.toString('utf8'), options));
      }
      if (artifacts.length) this.store.setState(artifactsKey, String(artifacts.at(-1)!.id));
      return { added, more: messages.length === limit || artifacts.length === limit };
    });
  }
}
