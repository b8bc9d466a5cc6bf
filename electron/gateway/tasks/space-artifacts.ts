import { extname } from 'node:path';
import type { Db } from '../store/database.js';
import type { SpaceUpdate } from './space-store.js';

/** An artifact as listed: everything but its content. */
export interface ArtifactInfo {
  name: string;
  mime: string;
  /** Bytes of the content as it was (before any cap). */
  size: number | null;
  /** The content was cut at the cap. */
  truncated: boolean;
  /** For a task's file change: add, modify, delete, unknown; `put` for one posted to the API. */
  change: string;
  task_id: string | null;
  created_at: string;
}

export interface Artifact extends ArtifactInfo {
  /** null when there is none (a deleted file, a change whose file could not be read). */
  content: Buffer | null;
}

export interface ArtifactInput {
  name: string;
  content: Buffer | null;
  mime?: string;
  size?: number;
  truncated?: boolean;
  change?: string;
  taskId?: string | null;
}

interface Row {
  path: string;
  mime: string | null;
  size: number | null;
  truncated: number;
  change: string;
  task_id: string | null;
  created_at: string;
  content: Buffer | null;
}

const mimeByExtension: Record<string, string> = {
  '.md': 'text/markdown',
  '.txt': 'text/plain',
  '.json': 'application/json',
  '.html': 'text/html',
  '.css': 'text/css',
  '.csv': 'text/csv',
  '.js': 'text/javascript',
  '.mjs': 'text/javascript',
  '.ts': 'text/x-typescript',
  '.tsx': 'text/x-typescript',
  '.py': 'text/x-python',
  '.yaml': 'application/yaml',
  '.yml': 'application/yaml',
  '.xml': 'application/xml',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.pdf': 'application/pdf',
};

/** A type for a name and its bytes: by extension, else text when the bytes are UTF-8, else octet-stream. */
export function guessMime(name: string, content: Buffer | null): string {
  const known = mimeByExtension[extname(name).toLowerCase()];
  if (known) return known;
  if (!content) return 'application/octet-stream';
  return isText(content) ? 'text/plain' : 'application/octet-stream';
}

export const isText = (content: Buffer) => !content.includes(0) && Buffer.from(content.toString('utf8'), 'utf8').equals(content);
const isTextMime = (mime: string) => mime.startsWith('text/') || /json|yaml|xml|javascript|svg/.test(mime);

/**
 * The files of a shared space (agentmesh 1.x artifacts): posted by a client, or recorded from
 * a task's file changes. Versions are kept; a name reads as its newest version. Text content
 * is redacted like everything else the gateway stores.
 */
export class SpaceArtifacts {
  constructor(
    private readonly db: Db,
    private readonly redact: (text: string) => string,
    private readonly onUpdate: (update: SpaceUpdate) => void,
  ) {}

  put(spaceId: string, input: ArtifactInput): ArtifactInfo {
    const mime = input.mime ?? guessMime(input.name, input.content);
    const content = input.content && isTextMime(mime) && isText(input.content) ? Buffer.from(this.redact(input.content.toString('utf8')), 'utf8') : input.content;
    const now = new Date().toISOString();
    this.db
      .prepare('INSERT INTO space_artifacts (space_id, task_id, path, change, created_at, content, mime, size, truncated) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)')
      .run(spaceId, input.taskId ?? null, input.name, input.change ?? 'put', now, content, mime, input.size ?? content?.length ?? null, input.truncated ? 1 : 0);
    this.db.prepare('UPDATE spaces SET updated_at = ? WHERE id = ?').run(now, spaceId);
    this.onUpdate({ space_id: spaceId, change: 'artifact', task_id: input.taskId ?? null, name: input.name });
    return this.info(spaceId, input.name) as ArtifactInfo;
  }

  /** The newest version of every name, newest first. */
  list(spaceId: string): ArtifactInfo[] {
    return this.db
      .prepare<[string], Row>(
        `SELECT path, mime, size, truncated, change, task_id, created_at, NULL AS content FROM space_artifacts
         WHERE id IN (SELECT MAX(id) FROM space_artifacts WHERE space_id = ? GROUP BY path) ORDER BY id DESC`,
      )
      .all(spaceId)
      .map((row) => toInfo(row));
  }

  get(spaceId: string, name: string): Artifact | undefined {
    const row = this.db
      .prepare<[string, string], Row>('SELECT path, mime, size, truncated, change, task_id, created_at, content FROM space_artifacts WHERE space_id = ? AND path = ? ORDER BY id DESC LIMIT 1')
      .get(spaceId, name);
    return row ? { ...toInfo(row), content: row.content } : undefined;
  }

  count(spaceId: string): number {
    return (this.db.prepare('SELECT COUNT(DISTINCT path) AS n FROM space_artifacts WHERE space_id = ?').get(spaceId) as { n: number }).n;
  }

  private info(spaceId: string, name: string): ArtifactInfo | undefined {
    const artifact = this.get(spaceId, name);
    if (!artifact) return undefined;
    const { content: _content, ...info } = artifact;
    return info;
  }
}

const toInfo = (row: Row): ArtifactInfo => ({
  name: row.path,
  mime: row.mime ?? guessMime(row.path, null),
  size: row.size,
  truncated: row.truncated === 1,
  change: row.change,
  task_id: row.task_id,
  created_at: row.created_at,
});
