import type { Db } from '../store/database.js';
import { commonShare, termShares } from './common-terms.js';
import { anyOf, ftsQuery } from './query-terms.js';

export interface TextHit {
  id: number;
  /** bm25, higher for better matches (FTS5's own sign flipped). */
  score: number;
}

/** FTS5's bm25 constants: a term adds at most idf × (k1 + 1) to a chunk's score, whatever its count. */
const k1 = 1.2;
/**
 * The most a query's commoner terms may add together to be split off (see `FullText`). A
 * chunk's 30th best score at 100,000 chunks of bench:memory's corpus runs from 6.5 to 10, so
 * 6 lets most queries split while the check after it rarely fails.
 */
const splitBudget = 6;
/** Below this many chunks holding the commoner terms, the split saves less than it costs. */
const splitRows = 5_000;
/**
 * The bound takes each term to be this much rarer than its sampled share: a term could be a
 * quarter rarer over all chunks than among its newest matches and the bound would still hold.
 */
const shareMargin = 0.75;

/**
 * Full-text ranking over space memory: FTS5's bm25 over any of the query's terms, the first
 * `limit` exactly as the whole query ranks them, with two shortcuts for the terms that match
 * many chunks, since FTS5 scores every chunk matching any term (about 0.8 µs each here):
 *
 * 1. Terms in more than half of the chunks are left out while the rarer ones find enough:
 *    bm25 clamps their weight to 1e-6, so they only decide between chunks otherwise tied.
 * 2. Over every space, the commoner of the remaining terms (call them the later ones) can
 *    add at most idf × (k1 + 1) each to any chunk. When their bounds sum to less than the
 *    `limit`-th best score of the chunks matching a rarer term, no chunk matching only later
 *    terms can rank in the first `limit`, so only the chunks matching a rarer term are scored,
 *    exactly, in two queries (rarer NOT later, rarer AND later: bm25 sums over the same
 *    phrases as in the whole query, so each score is the whole query's). When the check
 *    fails the whole query runs.
 */
export class FullText {
  /** How the last search ran (for tests and the bench): the whole query, without its common terms, split, or split and then whole. */
  lastPlan: 'whole' | 'common' | 'split' | 'split-failed' = 'whole';
  private readonly ranked;
  private readonly newest;

  constructor(private readonly db: Db) {
    // The space column weighs nothing; bm25 is lower for better matches.
    this.ranked = db.prepare<[string, number], { id: number; rank: number }>(
      'SELECT rowid AS id, bm25(memory_fts, 1.0, 0.0) AS rank FROM memory_fts WHERE memory_fts MATCH ? ORDER BY rank LIMIT ?',
    );
    this.newest = db.prepare<[], { id: number | null }>('SELECT max(id) AS id FROM memory_chunks');
  }

  search(terms: string[], spaces: string[] | null, limit: number): TextHit[] {
    this.lastPlan = 'whole';
    if (terms.length === 0 || (spaces && spaces.length === 0)) return [];
    if (terms.length === 1) return this.run(ftsQuery(terms, spaces), limit);
    const shares = termShares(this.db, terms);
    const rarer = terms.filter((term) => (shares.get(term) ?? 0) <= commonShare);
    if (rarer.length === 0 || rarer.length === terms.length) return this.rank(terms, spaces, limit, shares);
    const hits = this.rank(rarer, spaces, limit, shares);
    if (hits.length >= limit) {
      if (this.lastPlan === 'whole') this.lastPlan = 'common';
      return hits;
    }
    this.lastPlan = 'whole';
    return this.run(ftsQuery(terms, spaces), limit);
  }

  /** The first `limit` by bm25 over `terms`, split when that is sure to rank the same. */
  private rank(terms: string[], spaces: string[] | null, limit: number, shares: Map<string, number>): TextHit[] {
    const whole = () => this.run(ftsQuery(terms, spaces), limit);
    // Within named spaces FTS5 scores only their chunks already, and the split would count
    // each term's chunks in every space twice over (bm25's idf): slower (bench:memory).
    if (spaces) return whole();
    const total = this.newest.get()?.id ?? 0;
    const later: string[] = [];
    let bound = 0;
    let rows = 0;
    // The commonest first, while the bound allows; at least one term stays to match on.
    for (const term of [...terms].sort((a, b) => (shares.get(b) ?? 0) - (shares.get(a) ?? 0)).slice(0, -1)) {
      const share = shares.get(term) ?? 0;
      const most = (k1 + 1) * idf(share * shareMargin * total, total);
      if (bound + most >= splitBudget) break;
      bound += most;
      rows += share * total;
      later.push(term);
    }
    if (later.length === 0 || rows < splitRows) return whole();
    const first = terms.filter((term) => !later.includes(term));
    const hits = [...this.run(`${anyOf(first)} NOT ${anyOf(later)}`, limit), ...this.run(`${anyOf(first)} AND ${anyOf(later)}`, limit)]
      .sort((a, b) => b.score - a.score || a.id - b.id)
      .slice(0, limit);
    if (hits.length === limit && hits.at(-1)!.score > bound) {
      this.lastPlan = 'split';
      return hits;
    }
    this.lastPlan = 'split-failed';
    return whole();
  }

  private run(match: string, limit: number): TextHit[] {
    return this.ranked.all(match, limit).map((row) => ({ id: row.id, score: -row.rank }));
  }
}

/** bm25's idf as FTS5 computes it (never below 1e-6), for a term in `count` of `total` chunks. */
function idf(count: number, total: number): number {
  return Math.max(1e-6, Math.log((total - count + 0.5) / (count + 0.5)));
}
