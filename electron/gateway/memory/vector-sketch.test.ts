import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase, type Db } from '../store/database.js';
import { scriptedEmbedding } from '../testing/upstream-embeddings.js';
import { MemoryStore } from './memory-store.js';
import { SketchIndex } from './sketch-index.js';
import { loadSqliteVec, VectorIndex } from './vector-index.js';
import { hammingDistances, SketchCoder, sketchBits, sketchWords } from './vector-sketch.js';

const sketch = (coder: SketchCoder, vector: Float32Array) => {
  const out = new Int32Array(sketchWords);
  coder.encode(vector, out);
  return out;
};
const distance = (a: Int32Array, b: Int32Array) => {
  const out = new Uint16Array(1);
  hammingDistances(a, 1, b, out);
  return out[0]!;
};

describe('sketches', () => {
  it('are the same on every run, differ in no bit for the same direction and in every bit for the opposite', () => {
    const v = scriptedEmbedding('rotate the refresh tokens before release');
    const scaled = v.map((x) => x * 2);
    const opposite = v.map((x) => -x);
    expect(sketch(new SketchCoder(768), v)).toEqual(sketch(new SketchCoder(768), v));
    expect(distance(sketch(new SketchCoder(768), v), sketch(new SketchCoder(768), scaled))).toBe(0);
    // A coordinate of exactly 0 has no sign: allow a few.
    expect(distance(sketch(new SketchCoder(768), v), sketch(new SketchCoder(768), opposite))).toBeGreaterThan(sketchBits - 16);
  });

  it('put near texts nearer than far ones, sparse query or dense chunk alike', () => {
    const coder = new SketchCoder(768);
    const chunk = scriptedEmbedding('Bug report: the login test is flaky on CI because it waits a fixed two seconds for the mail server.');
    const query = scriptedEmbedding('flaky login test');
    const other = scriptedEmbedding('Release plan for version 2.4: freeze on Friday, publish the changelog, then tag the build.');
    expect(distance(sketch(coder, query), sketch(coder, chunk))).toBeLessThan(distance(sketch(coder, query), sketch(coder, other)));
  });
});

describe('a search over every space past the exact limit', () => {
  let dir: string;
  let db: Db;
  let store: MemoryStore;
  const texts = Array.from({ length: 1_200 }, (_, i) => `note ${i} about ${['auth', 'cache', 'queue', 'deploy', 'billing'][i % 5]} case${i % 97} step${i % 13} item${i}`);
  const vectorOf = (i: number) => scriptedEmbedding(texts[i]!);

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'agentmesh-sketch-'));
    db = openDatabase(dir);
    const unavailable = loadSqliteVec(db);
    if (unavailable) throw new Error(unavailable);
    store = new MemoryStore(db);
  });
  afterEach(() => {
    db.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const fill = (vectors: VectorIndex) =>
    store.transaction(() => {
      texts.forEach((text, i) => store.add({ spaceId: `space_${i % 6}`, type: 'message', sourceId: i + 1, taskId: null, author: 'test', artifact: null, createdAt: 0 }, [{ text, start: 0, end: text.length }]));
      vectors.add(texts.map((_, i) => ({ id: i + 1, spaceId: `space_${i % 6}`, vector: vectorOf(i) })));
      store.mark(texts.map((_, i) => i + 1), 1);
    });
  const recall = (vectors: VectorIndex, queries: string[]) => {
    let found = 0;
    for (const q of queries) {
      const query = scriptedEmbedding(q);
      const exact = vectors.exact(query, null, 10);
      const hits = vectors.search(query, null, 10);
      expect(hits[0]).toEqual(exact[0]);
      found += hits.filter((hit) => exact.some((e) => e.id === hit.id)).length;
    }
    return found / (queries.length * 10);
  };
  const queries = ['item17 about queue', 'case42 step7 deploy', 'note 999 billing', 'auth case3', 'cache step12 item640'];

  it('ranks the sketches\' candidates exactly, finding the exact nearest', () => {
    const vectors = new VectorIndex(db, store, 100);
    fill(vectors);
    expect(recall(vectors, queries)).toBeGreaterThanOrEqual(0.9);
  });

  it('forgets removed vectors, and sketches a database from before sketches in the background', () => {
    const vectors = new VectorIndex(db, store, 100);
    fill(vectors);
    const nearest = vectors.search(scriptedEmbedding(texts[17]!), null, 1)[0]!;
    expect(nearest.id).toBe(18);
    vectors.remove([{ id: 18, space_id: 'space_5', embedded: 1 }]);
    expect(vectors.search(scriptedEmbedding(texts[17]!), null, 10).map((hit) => hit.id)).not.toContain(18);
    // A candidate whose vector is gone (removed between sketching and ranking) drops out of the ranking.
    db.prepare('DELETE FROM memory_vectors WHERE rowid = 20').run();
    const ranked = vectors.search(scriptedEmbedding(texts[19]!), null, 10);
    expect(ranked).toHaveLength(10);
    expect(ranked.map((hit) => hit.id)).not.toContain(20);

    // An upgraded database: vectors, no sketches yet.
    db.prepare('DELETE FROM memory_sketches').run();
    db.prepare("DELETE FROM memory_state WHERE key LIKE 'vector_sketch%'").run();
    const upgraded = new VectorIndex(db, store, 100);
    // Exact until the backfill is done.
    expect(upgraded.search(scriptedEmbedding(queries[0]!), null, 10)).toEqual(upgraded.exact(scriptedEmbedding(queries[0]!), null, 10));
    let turns = 0;
    while (upgraded.backfillSketches(100)) turns++;
    expect(turns).toBeGreaterThan(5);
    // Every chunk with a vector left: two were removed above.
    expect((db.prepare('SELECT COUNT(*) AS n FROM memory_sketches').get() as { n: number }).n).toBe(texts.length - 2);
    expect(recall(upgraded, queries)).toBeGreaterThanOrEqual(0.9);
    expect(new VectorIndex(db, store, 100).backfillSketches()).toBe(false);
  });
  it('takes candidates in two passes (the first 1,024 bits of every sketch, then the rest of the nearest) that keep the nearest', () => {
    const sketches = new SketchIndex(db, store);
    const entries = Array.from({ length: 3_000 }, (_, i) => ({ id: i + 1, vector: scriptedEmbedding(`${texts[i % texts.length]!} variant${i % 7} row${i}`) }));
    sketches.add(entries);
    const coder = new SketchCoder(768);
    const whole = entries.map((entry) => sketch(coder, entry.vector));
    for (const q of queries) {
      const query = scriptedEmbedding(q);
      const code = sketch(coder, query);
      const nearestTen = whole.map((s, i) => ({ id: i + 1, bits: distance(code, s) })).sort((a, b) => a.bits - b.bits).slice(0, 10);
      // 3,000 sketches for 100 candidates: past twice 10 × 100, so the first pass runs.
      const picked = new Set(sketches.candidates(query, 100));
      expect(picked.size).toBe(100);
      expect(nearestTen.filter((entry) => picked.has(entry.id)).length).toBeGreaterThanOrEqual(9);
    }
  });
});
