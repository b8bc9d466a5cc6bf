import type { MemorySourceType } from '../../../shared/schemas/memory.js';
import type { Db } from '../store/database.js';
import type { Chunk } from './chunker.js';

export type SourceType = MemorySourceType;

export interface ChunkRow {
  id: number;
  space_id: string;
  source_type: SourceType;
  /** The space_messages or space_artifacts row. */
  source_id: number;
  task_id: string | null;
  author: string | null;
  artifact: string | null;
  seq: number;
  text: string;
  /** Epoch milliseconds of the source. */
  created_at: number;
  /** 0 waiting for its vector, 1 embedded, -1 refused by the embedding model. */
  embedded: number;
}

export interface ChunkSource {
  spaceId: string;
  type: SourceType;
  sourceId: number;
  taskId: string | null;
  author: string | null;
  artifact: string | null;
  createdAt: number;
}

export type ChunkRef = Pick<ChunkRow, 'id' | 'space_id' | 'embedded'>;

export interface MemoryCounts {
  chunks: number;
  embedded: number;
  waiting: number;
  refused: number;
}

/** Chunk removals per database, by any store on it (chunks are otherwise only ever added). */
const removals = new WeakMap<Db, number>();

/** How many times chunks were removed from this database since it was opened: what a cache of counts over chunks checks. */
export const chunkRemovals = (db: Db) => removals.get(db) ?? 0;

/** The chunk rows of space memory (their FTS5 index follows by trigger) and its small key/value state. */
export class MemoryStore {
  private readonly insert;
  private readonly getState;
  private readonly putState;

  constructor(private readonly db: Db) {
    this.insert = db.prepare(
      'INSERT INTO memory_chunks (space_id, source_type, source_id, task_id, author, artifact, seq, text, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)',
    );
    this.getState = db.prepare<[string], { value: string }>('SELECT value FROM memory_state WHERE key = ?');
    this.putState = db.prepare('INSERT INTO memory_state (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value');
  }

  add(source: ChunkSource, chunks: Chunk[]): number {
    chunks.forEach((chunk, seq) => {
      this.insert.run(source.spaceId, source.type, source.sourceId, source.taskId, source.author, source.artifact, seq, chunk.text, source.createdAt);
    });
    return chunks.length;
  }

  get(ids: number[]): ChunkRow[] {
    if (ids.length === 0) return [];
    return this.db.prepare<[string], ChunkRow>('SELECT * FROM memory_chunks WHERE id IN (SELECT value FROM json_each(?))').all(JSON.stringify(ids));
  }

  /** Every chunk of a space, or of an artifact's earlier versions. */
  refsOf(spaceId: string, artifact?: string): ChunkRef[] {
    if (artifact === undefined) return this.db.prepare<[string], ChunkRef>('SELECT id, space_id, embedded FROM memory_chunks WHERE space_id = ?').all(spaceId);
    return this.db.prepare<[string, string], ChunkRef>('SELECT id, space_id, embedded FROM memory_chunks WHERE space_id = ? AND artifact = ?').all(spaceId, artifact);
  }

  remove(refs: ChunkRef[]): void {
    if (refs.length === 0) return;
    removals.set(this.db, chunkRemovals(this.db) + 1);
    this.db.prepare('DELETE FROM memory_chunks WHERE id IN (SELECT value FROM json_each(?))').run(JSON.stringify(refs.map((ref) => ref.id)));
  }

  /** The oldest chunks still waiting for a vector. */
  waiting(limit: number): Pick<ChunkRow, 'id' | 'space_id' | 'text'>[] {
    return this.db.prepare<[number], Pick<ChunkRow, 'id' | 'space_id' | 'text'>>('SELECT id, space_id, text FROM memory_chunks WHERE embedded = 0 ORDER BY id LIMIT ?').all(limit);
  }

  /** 1 embedded, 0 waiting again, -1 set aside (refused by the model). */
  mark(ids: number[], embedded: 1 | 0 | -1): void {
    this.db.prepare('UPDATE memory_chunks SET embedded = ? WHERE id IN (SELECT value FROM json_each(?))').run(embedded, JSON.stringify(ids));
  }

  /** Every chunk waits for a vector again (another embedding model). */
  unembedAll(): void {
    this.db.prepare('UPDATE memory_chunks SET embedded = 0 WHERE embedded != 0').run();
  }

  embeddedBySpace(): Map<string, number> {
    const rows = this.db.prepare<[], { space_id: string; n: number }>('SELECT space_id, COUNT(*) AS n FROM memory_chunks WHERE embedded = 1 GROUP BY space_id').all();
    return new Map(rows.map((row) => [row.space_id, row.n]));
  }

  /** One space's counts (a scan of its chunks). */
  counts(spaceId: string): MemoryCounts {
    const row = this.db
      .prepare<[string], { chunks: number; embedded: number | null; waiting: number | null; refused: number | null }>(
        'SELECT COUNT(*) AS chunks, SUM(embedded = 1) AS embedded, SUM(embedded = 0) AS waiting, SUM(embedded = -1) AS refused FROM memory_chunks WHERE space_id = ?',
      )
      .get(spaceId)!;
    return { chunks: row.chunks, embedded: row.embedded ?? 0, waiting: row.waiting ?? 0, refused: row.refused ?? 0 };
  }

  /** Counts over every space; waiting and refused come from their partial indexes. */
  totals(): MemoryCounts {
    const count = (where: string) => (this.db.prepare(`SELECT COUNT(*) AS n FROM memory_chunks${where}`).get() as { n: number }).n;
    const chunks = count('');
    const waiting = count(' WHERE embedded = 0');
    const refused = count(' WHERE embedded = -1');
    return { chunks, embedded: chunks - waiting - refused, waiting, refused };
  }

  state(key: string): string | undefined {
    return this.getState.get(key)?.value;
  }

  setState(key: string, value: string): void {
    this.putState.run(key, value);
  }

  transaction<T>(work: () => T): T {
    return this.db.transaction(work)();
  }
}
