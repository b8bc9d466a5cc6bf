import type { Db } from '../store/database.js';
import type { MemoryStore } from './memory-store.js';
import { hammingDistances, SketchCoder, sketchBits, sketchVersion, sketchWords } from './vector-sketch.js';

export interface Sketched {
  id: number;
  vector: Float32Array;
}

const versionKey = 'vector_sketch';
const throughKey = 'vector_sketch_through';

/**
 * The sketches of every embedded chunk (memory_sketches, migration 12), and in memory once a
 * search needs them: 264 bytes a chunk (26 MB at 100,000 chunks, against 300 MB of vectors,
 * which stay in SQLite). A database from before them is sketched in the background (backfill);
 * until that is done `ready` is false.
 */
export class SketchIndex {
  private coder: SketchCoder | undefined;
  private ids = new Float64Array(0);
  private codes = new Int32Array(0);
  private size = 0;
  private loaded = false;

  constructor(
    private readonly db: Db,
    private readonly store: MemoryStore,
  ) {}

  get ready(): boolean {
    return this.store.state(versionKey) === sketchVersion;
  }

  /** Where a backfill is (the chunk id it reached), or undefined when none is needed. */
  backfillFrom(hasVectors: boolean): number | undefined {
    if (this.ready) return undefined;
    if (!hasVectors) {
      this.finish();
      return undefined;
    }
    const through = this.store.state(throughKey);
    // Sketches of another version (or none yet): start again from the first chunk.
    if (through === undefined) this.db.prepare('DELETE FROM memory_sketches').run();
    return Number(through ?? 0);
  }

  /** Records how far a backfill got; `done` when it reached the last chunk. */
  backfilled(through: number, done: boolean): void {
    if (done) this.finish();
    else this.store.setState(throughKey, String(through));
  }

  add(entries: Sketched[]): void {
    if (entries.length === 0) return;
    const coder = this.coderFor(entries[0]!.vector.length);
    const insert = this.db.prepare('INSERT OR REPLACE INTO memory_sketches (chunk_id, sketch) VALUES (?, ?)');
    const code = new Int32Array(sketchWords);
    for (const { id, vector } of entries) {
      coder.encode(vector, code);
      insert.run(id, Buffer.from(code.buffer));
      if (this.loaded) this.append(id, code);
    }
  }

  remove(ids: number[]): void {
    if (ids.length === 0) return;
    this.db.prepare('DELETE FROM memory_sketches WHERE chunk_id IN (SELECT value FROM json_each(?))').run(JSON.stringify(ids));
    if (!this.loaded) return;
    const gone = new Set(ids);
    // Swap-remove: the order of sketches does not matter.
    for (let row = 0; row < this.size; ) {
      if (!gone.has(this.ids[row]!)) {
        row++;
        continue;
      }
      this.size--;
      this.ids[row] = this.ids[this.size]!;
      this.codes.copyWithin(row * sketchWords, this.size * sketchWords, (this.size + 1) * sketchWords);
    }
  }

  /** Forgets every sketch (another embedding model). */
  clear(): void {
    this.db.prepare('DELETE FROM memory_sketches').run();
    this.coder = undefined;
    this.ids = new Float64Array(0);
    this.codes = new Int32Array(0);
    this.size = 0;
    this.loaded = false;
  }

  /** The ids of the `count` chunks whose sketches are nearest the query's (fewest differing bits). */
  candidates(query: Float32Array, count: number): number[] {
    this.load();
    const code = new Int32Array(sketchWords);
    this.coderFor(query.length).encode(query, code);
    const distances = new Uint16Array(this.size);
    hammingDistances(this.codes, this.size, code, distances);
    // Distances are small integers: a histogram finds the cut-off without sorting them all.
    const histogram = new Uint32Array(sketchBits + 1);
    for (const distance of distances) histogram[distance]!++;
    let cutoff = 0;
    for (let seen = 0; cutoff <= sketchBits && seen + histogram[cutoff]! < count; cutoff++) seen += histogram[cutoff]!;
    const nearer: number[] = [];
    const atCutoff: number[] = [];
    distances.forEach((distance, row) => {
      if (distance < cutoff) nearer.push(this.ids[row]!);
      else if (distance === cutoff) atCutoff.push(this.ids[row]!);
    });
    return nearer.concat(atCutoff.slice(0, count - nearer.length));
  }

  private finish(): void {
    this.store.setState(versionKey, sketchVersion);
    this.db.prepare('DELETE FROM memory_state WHERE key = ?').run(throughKey);
  }

  private coderFor(dims: number): SketchCoder {
    if (this.coder?.dims !== dims) this.coder = new SketchCoder(dims);
    return this.coder;
  }

  private load(): void {
    if (this.loaded) return;
    const total = (this.db.prepare('SELECT COUNT(*) AS n FROM memory_sketches').get() as { n: number }).n;
    this.ids = new Float64Array(Math.max(total, 1_024));
    this.codes = new Int32Array(this.ids.length * sketchWords);
    this.size = 0;
    for (const [id, sketch] of this.db.prepare<[], [number, Buffer]>('SELECT chunk_id, sketch FROM memory_sketches').raw().iterate()) {
      this.append(id, sketch);
    }
    this.loaded = true;
  }

  private append(id: number, code: Int32Array | Uint8Array): void {
    if (this.size === this.ids.length) {
      const ids = new Float64Array(this.ids.length * 2);
      ids.set(this.ids);
      const codes = new Int32Array(ids.length * sketchWords);
      codes.set(this.codes);
      this.ids = ids;
      this.codes = codes;
    }
    this.ids[this.size] = id;
    // Byte by byte: a blob read from SQLite need not sit on a 4-byte boundary.
    const bytes = code instanceof Uint8Array ? code : new Uint8Array(code.buffer, code.byteOffset, code.byteLength);
    new Uint8Array(this.codes.buffer).set(bytes.subarray(0, sketchWords * 4), this.size * sketchWords * 4);
    this.size++;
  }
}
