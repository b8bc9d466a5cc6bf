import * as sqliteVec from 'sqlite-vec';
import type { Statement } from 'better-sqlite3';
import type { Db } from '../store/database.js';
import type { ChunkRef, MemoryStore } from './memory-store.js';
import { SketchIndex } from './sketch-index.js';

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
 * Past this many vectors, a search over every space takes candidates from the sketches and
 * ranks only those exactly: an exact pass reads every vector (about 1 µs each here, 300 MB at
 * 100,000), the sketch pass 256 bytes a vector. Below it, and within named spaces, every
 * vector is compared (bench:memory: 10,000 in about 17 ms, a space of 5,000 in about 6 ms).
 */
export const defaultExactLimit = 20_000;
/** Candidates the sketches give for `k` nearest: bench:memory measures the recall this keeps. */
const candidatesFor = (k: number) => Math.max(500, k * 16);
/** Vectors sketched per backfill turn (an upgraded database; never inside a search). */
const backfillBatch = 250;

/**
 * The vectors of space memory in one sqlite-vec table (float32, cosine), partitioned by space.
 * Named spaces, and every space while they hold at most `exactLimit` (20,000) vectors, are searched
 * exactly: every vector is compared with the query. Beyond that a search of every space ranks
 * exactly the candidates its sketches give (sketch-index.ts): approximate, with the recall
 * bench:memory reports. The table is made when the first vector's length is known.
 */
export class VectorIndex {
  private dimensions: number | undefined;
  /** Embedded chunks per space, kept so a count costs no query. */
  private counts: Map<string, number> | undefined;
  private total = 0;
  private readonly sketches: SketchIndex;
  /** Ranks sketch candidates exactly; prepared on first use (the table is made with the first vector). */
  private ranking: Statement<[Float32Array, string], { id: number; distance: number }> | undefined;
  /** The chunk id a backfill of sketches reached, while one is due. */
  private sketchFrom: number | undefined;

  constructor(
    private readonly db: Db,
    private readonly store: MemoryStore,
    private readonly exactLimit = defaultExactLimit,
  ) {
    const dims = Number(store.state(dimsKey));
    if (dims > 0 && this.tableExists('memory_vectors')) this.dimensions = dims;
    this.sketches = new SketchIndex(db, store);
    this.sketchFrom = this.sketches.backfillFrom(this.dimensions !== undefined);
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
    this.sketches.add(entries);
  }

  /** Drops the vectors of chunks being removed. */
  remove(refs: ChunkRef[]): void {
    if (this.dimensions === undefined) return;
    const remove = this.db.prepare('DELETE FROM memory_vectors WHERE rowid = ?');
    const counts = this.spaceCounts();
    const removed: number[] = [];
    for (const ref of refs) {
      if (ref.embedded !== 1) continue;
      remove.run(BigInt(ref.id));
      removed.push(ref.id);
      counts.set(ref.space_id, Math.max(0, (counts.get(ref.space_id) ?? 1) - 1));
      this.total = Math.max(0, this.total - 1);
    }
    this.sketches.remove(removed);
  }

  /** Forgets every vector (another embedding model); the next add makes the table again. */
  drop(): void {
    this.db.exec('DROP TABLE IF EXISTS memory_vectors');
    this.ranking = undefined;
    this.sketches.clear();
    this.sketchFrom = this.sketches.backfillFrom(false);
    this.dimensions = undefined;
    this.counts = new Map();
    this.total = 0;
  }

  /** Vectors held in these spaces (all spaces for null). */
  count(spaces: string[] | null): number {
    const counts = this.spaceCounts();
    return spaces ? spaces.reduce((sum, space) => sum + (counts.get(space) ?? 0), 0) : this.total;
  }

  /** The `k` nearest chunks to `query` in the spaces (null: all): see the class for when exactly. */
  search(query: Float32Array, spaces: string[] | null, k: number): VectorHit[] {
    if (this.dimensions === undefined || k <= 0) return [];
    if (query.length !== this.dimensions) throw new VectorLengthError(this.dimensions, query.length);
    if (spaces === null && this.sketchFrom === undefined && this.count(null) > this.exactLimit) return this.rank(query, this.sketches.candidates(query, candidatesFor(k)), k);
    return this.exact(query, spaces, k);
  }

  /** The `k` nearest by an exact comparison with every vector of the spaces (null: all). */
  exact(query: Float32Array, spaces: string[] | null, k: number): VectorHit[] {
    if (this.dimensions === undefined || k <= 0) return [];
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

  /**
   * Sketches the vectors of chunks embedded before sketches existed, a batch at a time; says
   * whether more are left. Until it is done, searches over every space stay exact.
   */
  backfillSketches(limit = backfillBatch): boolean {
    if (this.sketchFrom === undefined) return false;
    const rows = this.db
      .prepare<[number, number], { id: number }>('SELECT id FROM memory_chunks WHERE id > ? AND embedded = 1 ORDER BY id LIMIT ?')
      .all(this.sketchFrom, limit);
    const read = this.db.prepare<[bigint], { embedding: Buffer }>('SELECT embedding FROM memory_vectors WHERE rowid = ?');
    const entries = rows.flatMap(({ id }) => {
      const row = read.get(BigInt(id));
      return row ? [{ id, vector: new Float32Array(new Uint8Array(row.embedding).buffer) }] : [];
    });
    this.store.transaction(() => {
      this.sketches.add(entries);
      const done = rows.length < limit;
      this.sketchFrom = done ? undefined : rows.at(-1)!.id;
      this.sketches.backfilled(this.sketchFrom ?? 0, done);
    });
    return this.sketchFrom !== undefined;
  }

  /** The `k` of `ids` nearest `query`, each compared exactly. */
  private rank(query: Float32Array, ids: number[], k: number): VectorHit[] {
    // One statement for every candidate (a statement each cost 60% more); a chunk removed since
    // it was sketched has no vector left and drops out of the join.
    this.ranking ??= this.db.prepare<[Float32Array, string], { id: number; distance: number }>(
      'SELECT candidate.value AS id, vec_distance_cosine(vectors.embedding, ?) AS distance FROM json_each(?) AS candidate JOIN memory_vectors AS vectors ON vectors.rowid = candidate.value',
    );
    return this.ranking
      .all(query, JSON.stringify(ids))
      .map((row) => ({ id: row.id, similarity: 1 - row.distance }))
      .sort((a, b) => b.similarity - a.similarity)
      .slice(0, k);
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
