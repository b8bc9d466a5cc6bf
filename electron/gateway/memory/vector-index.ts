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
 * The vectors of space memory in two sqlite-vec tables, both partitioned by space:
 * `memory_vectors` (float32, cosine) is searched exactly, vector by vector; `memory_vector_bits`
 * holds each vector's 1-bit sketch (its signs), which narrows a large search to a few hundred
 * candidates that are then ranked exactly. Tables are made when the first vector's length is known.
 */
export class VectorIndex {
  private dimensions: number | undefined;
  /** Embedded chunks per space, so choosing exact or sketch search costs no count query. */
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

  /** Adds vectors (one transaction is the caller's); makes the tables on the first. */
  add(entries: VectorEntry[]): void {
    if (entries.length === 0) return;
    const dims = entries[0]!.vector.length;
    if (this.dimensions === undefined) this.create(dims);
    for (const entry of entries) if (entry.vector.length !== this.dimensions) throw new VectorLengthError(this.dimensions!, entry.vector.length);
    const floats = this.db.prepare('INSERT INTO memory_vectors (rowid, space_id, embedding) VALUES (?, ?, ?)');
    const bits = this.hasBits() ? this.db.prepare('INSERT INTO memory_vector_bits (rowid, space_id, embedding) VALUES (?, ?, vec_quantize_binary(?))') : undefined;
    const counts = this.spaceCounts();
    for (const { id, spaceId, vector } of entries) {
      floats.run(BigInt(id), spaceId, vector);
      bits?.run(BigInt(id), spaceId, vector);
      counts.set(spaceId, (counts.get(spaceId) ?? 0) + 1);
      this.total++;
    }
  }

  /** Drops the vectors of chunks being removed. */
  remove(refs: ChunkRef[]): void {
    if (this.dimensions === undefined) return;
    const floats = this.db.prepare('DELETE FROM memory_vectors WHERE rowid = ?');
    const bits = this.hasBits() ? this.db.prepare('DELETE FROM memory_vector_bits WHERE rowid = ?') : undefined;
    const counts = this.spaceCounts();
    for (const ref of refs) {
      if (ref.embedded !== 1) continue;
      floats.run(BigInt(ref.id));
      bits?.run(BigInt(ref.id));
      counts.set(ref.space_id, Math.max(0, (counts.get(ref.space_id) ?? 1) - 1));
      this.total = Math.max(0, this.total - 1);
    }
  }

  /** Forgets every vector (another embedding model); the next add makes the tables again. */
  drop(): void {
    this.db.exec('DROP TABLE IF EXISTS memory_vectors; DROP TABLE IF EXISTS memory_vector_bits;');
    this.dimensions = undefined;
    this.counts = new Map();
    this.total = 0;
  }

  /** Vectors held in these spaces (all spaces for null). */
  count(spaces: string[] | null): number {
    const counts = this.spaceCounts();
    return spaces ? spaces.reduce((sum, space) => sum + (counts.get(space) ?? 0), 0) : this.total;
  }

  /**
   * The `k` nearest chunks to `query` in the spaces (null: all). Exact over at most
   * `exactMax` vectors; beyond, the nearest sketches (several times `k` of them) are ranked exactly.
   */
  search(query: Float32Array, spaces: string[] | null, k: number, exactMax: number): VectorHit[] {
    if (this.dimensions === undefined || k <= 0) return [];
    if (query.length !== this.dimensions) throw new VectorLengthError(this.dimensions, query.length);
    const scopes = spaces ?? [null];
    const hits = this.count(spaces) <= exactMax || !this.hasBits() ? this.exact(query, scopes, k) : this.sketched(query, scopes, k);
    return hits.sort((a, b) => b.similarity - a.similarity).slice(0, k);
  }

  private exact(query: Float32Array, scopes: (string | null)[], k: number): VectorHit[] {
    return scopes.flatMap((space) =>
      this.db
        .prepare<unknown[], { rowid: number; distance: number }>(
          `SELECT rowid, distance FROM memory_vectors WHERE embedding MATCH ? AND k = ?${space === null ? '' : ' AND space_id = ?'}`,
        )
        .all(query, k, ...(space === null ? [] : [space]))
        .map((row) => ({ id: Number(row.rowid), similarity: 1 - row.distance })),
    );
  }

  private sketched(query: Float32Array, scopes: (string | null)[], k: number): VectorHit[] {
    const candidates = Math.max(64, k * 6);
    const near = scopes.flatMap((space) =>
      this.db
        .prepare<unknown[], { rowid: number }>(
          `SELECT rowid FROM memory_vector_bits WHERE embedding MATCH vec_quantize_binary(?) AND k = ?${space === null ? '' : ' AND space_id = ?'}`,
        )
        .all(query, candidates, ...(space === null ? [] : [space])),
    );
    const read = this.db.prepare<[bigint], { embedding: Buffer }>('SELECT embedding FROM memory_vectors WHERE rowid = ?');
    const queryNorm = Math.sqrt(dot(query, query)) || 1;
    return near.flatMap(({ rowid }) => {
      const blob = read.get(BigInt(rowid))?.embedding;
      if (!blob) return [];
      const vector = new Float32Array(blob.buffer, blob.byteOffset, blob.length / 4);
      return [{ id: Number(rowid), similarity: dot(query, vector) / (queryNorm * (Math.sqrt(dot(vector, vector)) || 1)) }];
    });
  }

  private create(dims: number): void {
    this.db.exec(`CREATE VIRTUAL TABLE IF NOT EXISTS memory_vectors USING vec0(space_id text partition key, embedding float[${dims}] distance_metric=cosine)`);
    // Sketches need whole bytes of bits.
    if (dims % 8 === 0) this.db.exec(`CREATE VIRTUAL TABLE IF NOT EXISTS memory_vector_bits USING vec0(space_id text partition key, embedding bit[${dims}])`);
    this.store.setState(dimsKey, String(dims));
    this.dimensions = dims;
  }

  private hasBits(): boolean {
    return this.dimensions !== undefined && this.dimensions % 8 === 0;
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

function dot(a: Float32Array, b: Float32Array): number {
  let sum = 0;
  for (let i = 0; i < a.length; i++) sum += a[i]! * b[i]!;
  return sum;
}
