import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Db } from '../store/database.js';
import { FullText, type TextHit } from './full-text.js';
import { MemoryStore } from './memory-store.js';
import { ftsQuery } from './query-terms.js';

let dir: string;
let db: Db;
let fullText: FullText;

// 8,000 chunks over 4 spaces: "alpha" in about 40%, "beta" in 25%, "gamma" in 10%, "rare" in
// 0.5%, and filler words (some in more than half of the chunks), so a query's commoner terms
// match thousands of chunks.
const words = Array.from({ length: 400 }, (_, i) => `w${i}`);
function chunkText(random: () => number): string {
  const parts: string[] = [];
  // Each one or more times, so bm25's term counts vary too.
  for (const [word, share] of [['alpha', 0.4], ['beta', 0.25], ['gamma', 0.1], ['rare', 0.005]] as const) {
    if (random() < share) parts.push(...Array.from({ length: 1 + Math.floor(random() ** 3 * 4) }, () => word));
  }
  const length = 20 + Math.floor(random() * 60);
  for (let i = 0; i < length; i++) parts.push(words[Math.floor(words.length * random() ** 2)]!);
  for (let i = parts.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [parts[i], parts[j]] = [parts[j]!, parts[i]!];
  }
  return parts.join(' ');
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'agentmesh-full-text-'));
  db = openDatabase(dir);
  const store = new MemoryStore(db);
  let state = 12345;
  const random = () => {
    state = (Math.imul(state, 1103515245) + 12345) >>> 0;
    return state / 4_294_967_296;
  };
  store.transaction(() => {
    for (let i = 0; i < 8_000; i++) {
      const text = chunkText(random);
      store.add({ spaceId: `space_${i % 4}`, type: 'message', sourceId: i + 1, taskId: null, author: 'test', artifact: null, createdAt: 0 }, [{ text, start: 0, end: text.length }]);
    }
  });
  fullText = new FullText(db);
});
afterAll(() => {
  db.close();
  rmSync(dir, { recursive: true, force: true });
});

/** The whole query's ranking in a database: every term in one MATCH, bm25 over all of them. */
const wholeIn = (database: Db, terms: string[], limit: number, spaces: string[] | null = null): TextHit[] =>
  database
    .prepare<[string, number], { id: number; rank: number }>('SELECT rowid AS id, bm25(memory_fts, 1.0, 0.0) AS rank FROM memory_fts WHERE memory_fts MATCH ? ORDER BY rank LIMIT ?')
    .all(ftsQuery(terms, spaces), limit)
    .map((row) => ({ id: row.id, score: -row.rank }));
const whole = (terms: string[], limit: number, spaces: string[] | null = null) => wholeIn(db, terms, limit, spaces);

/**
 * The same ranking: the same scores in order, and the same chunks above the last score (ties
 * there may differ). Scores agree to 1e-4: a term in more than half of the chunks adds ~1e-6 a
 * time it occurs in the whole query and nothing once left out.
 */
function expectSameRanking(got: TextHit[], want: TextHit[]): void {
  expect(got).toHaveLength(want.length);
  got.forEach((hit, i) => expect(hit.score).toBeCloseTo(want[i]!.score, 4));
  const last = want.at(-1)?.score ?? 0;
  const above = (hits: TextHit[]) => hits.filter((hit) => hit.score > last + 1e-4).map((hit) => hit.id).sort((a, b) => a - b);
  expect(above(got)).toEqual(above(want));
}

describe('full-text ranking', () => {
  it('over every space, scores only the chunks holding a rarer term when the commoner ones cannot reach the first ten, and ranks as the whole query', () => {
    const { hits, plan } = fullText.search(['alpha', 'beta', 'rare'], null, 10);
    expect(plan).toBe('split');
    expect(hits).toHaveLength(10);
    expectSameRanking(hits, whole(['alpha', 'beta', 'rare'], 10));
    // Within named spaces the whole query runs (FTS5 scores only their chunks anyway).
    const inSpaces = fullText.search(['alpha', 'beta', 'rare'], ['space_1', 'space_2'], 10);
    expect(inSpaces.plan).toBe('whole');
    expectSameRanking(inSpaces.hits, whole(['alpha', 'beta', 'rare'], 10, ['space_1', 'space_2']));
  });

  it('runs the whole query when the chunks holding a rarer term are too few to be sure of the first ones', () => {
    const { hits, plan } = fullText.search(['alpha', 'beta', 'rare'], null, 200);
    expect(plan).toBe('split-failed');
    expectSameRanking(hits, whole(['alpha', 'beta', 'rare'], 200));
  });

  it('runs the whole query when the chunks holding a rarer term are enough but score below what the commoner ones could add', () => {
    // "gamma" is in about 800 chunks, so 500 of them are found; the 500th scores about 2.7,
    // less than "alpha" and "beta" could add (3.3) to a chunk without "gamma".
    const gamma = db.prepare<[], { n: number }>(`SELECT count(*) AS n FROM memory_fts WHERE memory_fts MATCH '"gamma"'`).get()!.n;
    expect(gamma).toBeGreaterThan(500);
    const { hits, plan } = fullText.search(['alpha', 'beta', 'gamma'], null, 500);
    expect(plan).toBe('split-failed');
    expectSameRanking(hits, whole(['alpha', 'beta', 'gamma'], 500));
  });

  it('ranks every mix of common, middling and rare terms, at any depth, as the whole query does', () => {
    const terms = ['alpha', 'beta', 'gamma', 'rare', 'w1', 'w7', 'w40', 'w200', 'w399', 'nothing'];
    const plans = new Set<string>();
    let state = 7;
    for (let round = 0; round < 60; round++) {
      state = (Math.imul(state, 1103515245) + 12345) >>> 0;
      const picked = terms.filter((_, i) => (state >>> i) & 1);
      if (picked.length === 0) continue;
      const limit = [10, 30, 90][round % 3]!;
      const spaces = round % 4 === 0 ? ['space_3'] : null;
      const { hits, plan } = fullText.search(picked, spaces, limit);
      expectSameRanking(hits, whole(picked, limit, spaces));
      plans.add(plan);
    }
    // The mix took every path, so each was checked against the whole query.
    expect([...plans].sort()).toEqual(['common', 'split', 'split-failed', 'whole']);
  });
});

describe('full-text ranking of words common only lately', () => {
  let skewDir: string;
  let skewDb: Db;

  // 12,000 chunks of filler with "gamma" in one of fifty; "beta" three times in 40% of the
  // newest 1,000 and nowhere before; "deploy" in every one of the newest 300.
  beforeAll(() => {
    skewDir = mkdtempSync(join(tmpdir(), 'agentmesh-full-text-skew-'));
    skewDb = openDatabase(skewDir);
    const store = new MemoryStore(skewDb);
    store.transaction(() => {
      for (let i = 0; i < 12_000; i++) {
        const parts = Array.from({ length: 30 }, (_, n) => words[(i * 7 + n * 13) % words.length]!);
        if (i % 50 === 0) parts.push('gamma');
        if (i >= 11_000 && i % 5 < 2) parts.push('beta', 'beta', 'beta');
        if (i >= 11_700) parts.push('deploy');
        const text = parts.join(' ');
        store.add({ spaceId: 'space_0', type: 'message', sourceId: i + 1, taskId: null, author: 'test', artifact: null, createdAt: 0 }, [{ text, start: 0, end: text.length }]);
      }
    });
  });
  afterAll(() => {
    skewDb.close();
    rmSync(skewDir, { recursive: true, force: true });
  });

  it('weighs them by their count over every chunk, not by how often they come lately', () => {
    const skewed = new FullText(skewDb);
    for (const terms of [['beta', 'gamma'], ['deploy', 'gamma'], ['deploy', 'beta', 'gamma']]) {
      const { hits } = skewed.search(terms, null, 10);
      expectSameRanking(hits, wholeIn(skewDb, terms, 10));
    }
  });

  it('ranks as the whole query after chunks are removed (ids with gaps) and after a rolled-back insert', () => {
    const skewed = new FullText(skewDb);
    const store = new MemoryStore(skewDb);
    const queries = [['beta', 'gamma'], ['deploy', 'gamma'], ['w1', 'w2', 'gamma'], ['w3', 'w5', 'deploy']];
    for (const terms of queries) skewed.search(terms, null, 10);
    // The newest 200 chunks and every third older one go.
    store.remove(store.refsOf('space_0').filter((ref) => ref.id > 11_800 || ref.id % 3 === 0));
    for (const terms of queries) expectSameRanking(skewed.search(terms, null, 10).hits, wholeIn(skewDb, terms, 10));
    // Counted inside a transaction that is rolled back: nothing of it may stay counted.
    const add = (text: string) => store.add({ spaceId: 'space_0', type: 'message', sourceId: 1, taskId: null, author: 'test', artifact: null, createdAt: 0 }, [{ text, start: 0, end: text.length }]);
    try {
      store.transaction(() => {
        for (let i = 0; i < 300; i++) add('deploy deploy beta w1');
        for (const terms of queries) skewed.search(terms, null, 10);
        throw new Error('roll back');
      });
    } catch {
      // rolled back
    }
    store.transaction(() => {
      for (let i = 0; i < 300; i++) add(`w${i % 50} gamma`);
    });
    for (const terms of queries) expectSameRanking(skewed.search(terms, null, 10).hits, wholeIn(skewDb, terms, 10));
  });
});
