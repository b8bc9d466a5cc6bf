import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { memorySchema } from '../../../shared/schemas/memory.js';
import { openDatabase, type Db } from '../store/database.js';
import { MemorySearch } from './memory-search.js';
import { MemoryStore } from './memory-store.js';
import { ftsQuery } from './query-terms.js';
import { TermCounts } from './term-counts.js';
import { VectorIndex } from './vector-index.js';

let dir: string;
let db: Db;
let store: MemoryStore;
let searcher: MemorySearch;

// 1,000 chunks: "status" in nine of ten, "deploy" in one of five, "rollback" in one of fifty.
const textOf = (i: number) =>
  [i % 10 ? 'status' : 'report', i % 5 === 0 ? 'deploy' : 'build', i % 50 === 0 ? 'rollback' : 'queue', `item${i}`, i % 3 ? 'status' : 'note'].join(' ');

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'agentmesh-term-counts-'));
  db = openDatabase(dir);
  store = new MemoryStore(db);
  store.transaction(() => {
    for (let i = 0; i < 1_000; i++) {
      const text = textOf(i);
      store.add({ spaceId: `space_${i % 4}`, type: 'message', sourceId: i + 1, taskId: null, author: 'test', artifact: null, createdAt: 0 }, [{ text, start: 0, end: text.length }]);
    }
  });
  const config = memorySchema.parse({});
  searcher = new MemorySearch(db, store, new VectorIndex(db, store), () => config, () => Promise.reject(new Error('no vectors here')));
});
afterEach(() => {
  db.close();
  rmSync(dir, { recursive: true, force: true });
});

/** The full query's ranking, every term in the MATCH, as before the cut: ids and bm25 to four digits. */
const uncut = (terms: string[], limit: number, spaces: string[] | null = null) =>
  db
    .prepare<[string, number], { id: number; rank: number }>('SELECT rowid AS id, bm25(memory_fts, 1.0, 0.0) AS rank FROM memory_fts WHERE memory_fts MATCH ? ORDER BY rank LIMIT ?')
    .all(ftsQuery(terms, spaces), limit)
    .map((row) => ({ id: row.id, score: Number((-row.rank).toPrecision(4)) }));

it('counts the chunks holding each term as bm25 does, stems included, and keeps the counts true as chunks come and go', () => {
  const counts = new TermCounts(db);
  const exact = (term: string) => db.prepare<[string], { n: number }>('SELECT count(*) AS n FROM memory_fts WHERE memory_fts MATCH ?').get(`"${term}"`)!.n;
  // "status" is in every chunk but those whose number divides by 30 (34 of them).
  expect(counts.counts(['status', 'deploy', 'rollback', 'missing'])).toEqual(
    new Map([['status', 966], ['deploy', 200], ['rollback', 20], ['missing', 0]]),
  );
  // "builds" and "deploying" stem as the index has "build" and "deploy".
  expect(counts.counts(['builds', 'deploying'])).toEqual(new Map([['builds', 800], ['deploying', 200]]));
  expect(counts.atLeastTotal()).toBe(1_000);

  // Kept counts take in chunks added since...
  store.transaction(() => {
    for (const text of ['rollback now', 'rollback again, status missing']) store.add({ spaceId: 'space_0', type: 'message', sourceId: 2_000, taskId: null, author: 'test', artifact: null, createdAt: 0 }, [{ text, start: 0, end: text.length }]);
  });
  expect(counts.counts(['rollback', 'status', 'missing'])).toEqual(new Map([['rollback', 22], ['status', 967], ['missing', 1]]));
  // ...and forget themselves when chunks are removed (the total stays an upper bound: ids leave gaps).
  store.remove(store.refsOf('space_0').filter((ref) => ref.id <= 40));
  expect(counts.atLeastTotal()).toBe(1_002);
  for (const term of ['rollback', 'status', 'missing', 'deploy']) expect(counts.counts([term]).get(term)).toBe(exact(term));
  expect(counts.counts(['rollback']).get('rollback')).toBe(21);

  // Counted inside a transaction that is then rolled back (its ids are given out again): the
  // counts after it are still exact.
  const add = (text: string) => store.add({ spaceId: 'space_1', type: 'message', sourceId: 3_000, taskId: null, author: 'test', artifact: null, createdAt: 0 }, [{ text, start: 0, end: text.length }]);
  try {
    store.transaction(() => {
      for (let i = 0; i < 50; i++) add('rollback deploy');
      expect(counts.counts(['rollback']).get('rollback')).toBe(71);
      throw new Error('roll back');
    });
  } catch {
    // rolled back
  }
  store.transaction(() => {
    for (let i = 0; i < 60; i++) add(i % 6 ? 'queue' : 'rollback');
  });
  expect(counts.counts(['rollback', 'deploy'])).toEqual(new Map([['rollback', exact('rollback')], ['deploy', exact('deploy')]]));
  expect(exact('rollback')).toBe(31);
});

it('ranks without the common terms as with them (but for their ~0 share) when the rarer ones find enough', async () => {
  for (const spaces of [null, ['space_2']]) {
    const result = await searcher.search({ q: 'status deploy rollback', mode: 'text', limit: 10, spaces });
    expect(result.results).toHaveLength(10);
    // The first hold "rollback" (and "deploy": every fiftieth chunk is also a fifth)...
    expect(result.results.every((hit) => hit.text.includes('rollback'))).toBe(true);
    // ...and score as the full query's first ten do: "status" adds ~1e-6 to a rank, only
    // deciding between chunks otherwise tied.
    const full = uncut(['status', 'deploy', 'rollback'], 10, spaces);
    expect(result.results.map((hit) => hit.text_score)).toEqual(full.map((hit) => hit.score));
  }
});

it('falls back to every term when the rarer ones find fewer chunks than asked for', async () => {
  const result = await searcher.search({ q: 'status item7', mode: 'text', limit: 10, spaces: null });
  const ids = result.results.map((hit) => hit.chunk_id);
  expect(ids[0]).toBe(8);
  expect(ids).toHaveLength(10);
  expect(ids).toEqual(uncut(['status', 'item7'], 10).map((hit) => hit.id));
});
