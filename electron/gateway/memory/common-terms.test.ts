import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { memorySchema } from '../../../shared/schemas/memory.js';
import { openDatabase, type Db } from '../store/database.js';
import { commonShare, termShares } from './common-terms.js';
import { MemorySearch } from './memory-search.js';
import { MemoryStore } from './memory-store.js';
import { ftsQuery } from './query-terms.js';
import { VectorIndex } from './vector-index.js';

let dir: string;
let db: Db;
let store: MemoryStore;
let searcher: MemorySearch;

// 1,000 chunks: "status" in nine of ten, "deploy" in one of five, "rollback" in one of fifty.
const textOf = (i: number) =>
  [i % 10 ? 'status' : 'report', i % 5 === 0 ? 'deploy' : 'build', i % 50 === 0 ? 'rollback' : 'queue', `item${i}`, i % 3 ? 'status' : 'note'].join(' ');

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'agentmesh-common-terms-'));
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

/** The terms estimated to be in more than half of the chunks. */
const commonOf = (terms: string[]) => [...termShares(db, terms)].filter(([, share]) => share > commonShare).map(([term]) => term);

it('estimates each term\'s share of the chunks, as the index stems them', () => {
  const shares = termShares(db, ['status', 'deploy', 'rollback', 'missing']);
  expect(shares.get('deploy')).toBeCloseTo(0.2, 1);
  expect(shares.get('rollback')).toBeCloseTo(0.02, 2);
  expect(shares.get('missing')).toBe(0);
  expect(commonOf(['status', 'deploy', 'rollback', 'missing'])).toEqual(['status']);
  // "build" is in four chunks of five; "builds" stems to it.
  expect(commonOf(['builds', 'deploying'])).toEqual(['builds']);
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
