import * as sqliteVec from 'sqlite-vec';
import type { Db } from '../store/database.js';
import type { ChunkRef, MemoryStore } from './memory-store.js';

export interface VectorHit {
  id: number;
  /** Cosine similarity with the query, -1 to 1. */
  similarity: number;
}

export interface VectorEntry {
  id: number;
  spaceId: string;
  vector: Float32Array;
}

/** A vector of another length than the index holds: the embedding model changed under the same name. */
export class VectorLengthError extends Error {
  constructor(readonly expected: number, readonly got: number) {
    super(`the embedding model answered vectors of ${got} dimensions where the index holds ${expected}`);
    this.name = 'VectorLengthError';
  }
}

/** Loads sqlite-vec into the connection; returns why it could not, if it could not. */
export function loadSqliteVec(db: Db): string | undefined {
  try {
    // A packaged app keeps the library outside its asar archive, where the OS loader can read it.
    db.loadExtension(sqliteVec.getLoadablePath().replace(/app\.asar([\\/])/, 'app.asar.unpacked$1'));
    return undefined;
  } catch (error) {
    return (error as Error).message;
  }
}

const dimsKey = 'vector_dims';
/**
 * Vectors per sqlite-vec chunk. Its default (1,024) sets aside 3 MB of 768-dimension vectors
 * for every space however few it holds; 64 costs nothing measurable in a search (bench:memory).
 */
const chunkSize = 64;

/**
 * The vectors of space memory in one sqlite-vec table (float32, cosine), partitioned by space,
 * searched exactly: every vector of the spaces searched is compared with the query, so the
 * nearest are the true nearest (recall 1.0). The table is made when the first vector's length is known.
 */
export class VectorIndex {
  private dimensions: number | undefined;
  /** Embedded chunks per space, kept so a count costs no query. */
  private counts: Map<string, number> | undefined;
  private total = 0;

  constructor(
    private readonly db: Db,
    private readonly store: MemoryStore,
  ) {
    const dims = Number(store.state(dimsKey));
    if (dims > 0 && this.tableExists('memory_vectors')) this.dimensions = dims;
  }

  get dims(): number | undefined {
    return this.dimensions;
  }

  /** Adds vectors (one transaction is the caller's); makes the table on the first. */
  add(entries: VectorEntry[]): void {
    if (entries.length === 0) return;
    const dims = entries[0]!.vector.length;
    if (this.dimensions === undefined) this.create(dims);
    for (const entry of entries) if (entry.vector.length !== this.dimensions) throw new VectorLengthError(this.dimensions!, entry.vector.length);
    const insert = this.db.prepare('INSERT INTO memory_vectors (rowid, space_id, embedding) VALUES (?, ?, ?)');
    const counts = this.spaceCounts();
    for (const { id, spaceId, vector } of entries) {
      insert.run(BigInt(id), spaceId, vector);
      counts.set(spaceId, (counts.get(spaceId) ?? 0) + 1);
      this.total++;
    }
  }

  /** Drops the vectors of chunks being removed. */
  remove(refs: ChunkRef[]): void {
    if (this.dimensions === undefined) return;
    const remove = this.db.prepare('DELETE FROM memory_vectors WHERE rowid = ?');
    const counts = this.spaceCounts();
    for (const ref of refs) {
      if (ref.embedded !== 1) continue;
      remove.run(BigInt(ref.id));
      counts.set(ref.space_id, Math.max(0, (counts.get(ref.space_id) ?? 1) - 1));
      this.total = Math.max(0, this.total - 1);
    }
  }

  /** Forgets every vector (another embedding model); the next add makes the table again. */
  drop(): void {
    this.db.exec('DROP TABLE IF EXISTS memory_vectors');
    this.dimensions = undefined;
    this.counts = new Map();
    this.total = 0;
  }

  /** Vectors held in these spaces (all spaces for null). */
  count(spaces: string[] | null): number {
    const counts = this.spaceCounts();
    return spaces ? spaces.reduce((sum, space) => sum + (counts.get(space) ?? 0), 0) : this.total;
  }

  /** The `k` nearest chunks to `query` in the spaces (null: all), by an exact comparison with each. */
  search(query: Float32Array, spaces: string[] | null, k: number): VectorHit[] {
    if (this.dimensions === undefined || k <= 0) return [];
    if (query.length !== this.dimensions) throw new VectorLengthError(this.dimensions, query.length);
    // One partition at a time: a space's vectors sit together, and empty spaces cost nothing.
    const scopes = spaces ?? [null];
    const hits = scopes.flatMap((space) =>
      this.db
        .prepare<unknown[], { rowid: number; distance: number }>(
          `SELECT rowid, distance FROM memory_vectors WHERE embedding MATCH ? AND k = ?${space === null ? '' : ' AND space_id = ?'}`,
        )
        .all(query, k, ...(space === null ? [] : [space]))
        .map((row) => ({ id: Number(row.rowid), similarity: 1 - row.distance })),
    );
    return hits.sort((a, b) => b.similarity - a.similarity).slice(0, k);
  }

  private create(dims: number): void {
    this.db.exec(`CREATE VIRTUAL TABLE IF NOT EXISTS memory_vectors USING vec0(space_id text partition key, embedding float[${dims}] distance_metric=cosine, chunk_size=${chunkSize})`);
    this.store.setState(dimsKey, String(dims));
    this.dimensions = dims;
  }

  private spaceCounts(): Map<string, number> {
    if (!this.counts) {
      this.counts = this.store.embeddedBySpace();
      this.total = [...this.counts.values()].reduce((sum, n) => sum + n, 0);
    }
    return this.counts;
  }

  private tableExists(name: string): boolean {
    return Boolean(this.db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?").get(name));
  }
}
