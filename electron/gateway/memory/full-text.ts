import type { Db } from '../store/database.js';
import { anyOf, ftsQuery } from './query-terms.js';
import { TermCounts } from './term-counts.js';

export interface TextHit {
  id: number;
  /** bm25, higher for better matches (FTS5's own sign flipped). */
  score: number;
}

/** How a search ran: the whole query, without its common terms, split, or split and then whole. */
export type TextPlan = 'whole' | 'common' | 'split' | 'split-failed';

/** FTS5's bm25 constant k1: a term adds less than idf × (k1 + 1) to a chunk's score, whatever its count. */
const k1 = 1.2;
/**
 * The most a query's commoner terms may add together to be split off (see `FullText`). The
 * 30th best score at 100,000 chunks of bench:memory's corpus runs from 6.5 to 10, so 6 lets
 * most queries split while the check after it rarely fails.
 */
const splitBudget = 6;
/** Below this many chunks holding the commoner terms, the split saves less than it costs. */
const splitRows = 5_000;

/**
 * Full-text ranking over space memory: FTS5's bm25 over any of the query's terms. FTS5 scores
 * every chunk matching any term (about 0.8 µs each here), so for terms that match many chunks
 * there are two shortcuts, both from each term's exact count of chunks (`TermCounts`):
 *
 * 1. Terms in more than half of the chunks are left out while the rarer ones find enough:
 *    bm25 clamps their idf to 1e-6, so they only decide between chunks otherwise tied (scores
 *    differ from the whole query's in the sixth digit at most; the API gives four).
 * 2. Over every space, the commoner of the remaining terms (the later ones) add less than
 *    idf × (k1 + 1) each to any chunk. When those ceilings sum to less than the `limit`-th
 *    best score of the chunks matching a rarer term, no chunk matching only later terms can
 *    rank in the first `limit`, so only the chunks matching a rarer term are scored, in two
 *    queries: the rarer terms alone (the whole query's score for a chunk holding no later
 *    term: bm25 sums over the expression's phrases, with idf from the whole table) and rarer
 *    AND later (the whole query's phrases, so its scores). A chunk holding both whose score
 *    the first query gives without the later terms' share is either in the second query's
 *    first `limit` with its full score, or ranks below them all. When the check fails the
 *    whole query runs.
 */
export class FullText {
  private readonly ranked;
  private readonly termCounts: TermCounts;

  constructor(db: Db) {
    // The space column weighs nothing; bm25 is lower for better matches.
    this.ranked = db.prepare<[string, number], { id: number; rank: number }>(
      'SELECT rowid AS id, bm25(memory_fts, 1.0, 0.0) AS rank FROM memory_fts WHERE memory_fts MATCH ? ORDER BY rank LIMIT ?',
    );
    this.termCounts = new TermCounts(db);
  }

  search(words: string[], spaces: string[] | null, limit: number): { hits: TextHit[]; plan: TextPlan } {
    // Each term once (as queryTerms gives them): a split sends a term to one side only.
    const terms = [...new Set(words)];
    if (terms.length === 0 || (spaces && spaces.length === 0)) return { hits: [], plan: 'whole' };
    const whole = (words: string[]) => ({ hits: this.run(ftsQuery(words, spaces), limit), plan: 'whole' as const });
    if (terms.length === 1) return whole(terms);
    const counts = this.termCounts.counts(terms);
    const total = this.termCounts.atLeastTotal();
    const rarer = terms.filter((term) => counts.get(term)! <= total / 2);
    if (rarer.length === 0 || rarer.length === terms.length) return this.rank(terms, spaces, limit, counts, total);
    const ranked = this.rank(rarer, spaces, limit, counts, total);
    if (ranked.hits.length < limit) return whole(terms);
    return ranked.plan === 'whole' ? { ...ranked, plan: 'common' } : ranked;
  }

  /** The first `limit` by bm25 over `terms`, split when that is sure to rank the same. */
  private rank(terms: string[], spaces: string[] | null, limit: number, counts: Map<string, number>, total: number): { hits: TextHit[]; plan: TextPlan } {
    const whole = (plan: TextPlan) => ({ hits: this.run(ftsQuery(terms, spaces), limit), plan });
    // Within named spaces FTS5 scores only their chunks already, and the split would count
    // each term's chunks in every space twice over (bm25's idf): slower (bench:memory).
    if (spaces) return whole('whole');
    const later: string[] = [];
    let ceiling = 0;
    let rows = 0;
    // The commonest first, while the ceilings allow; at least one term stays to match on.
    for (const term of [...terms].sort((a, b) => counts.get(b)! - counts.get(a)!).slice(0, -1)) {
      const most = (k1 + 1) * idf(counts.get(term)!, total);
      if (ceiling + most >= splitBudget) break;
      ceiling += most;
      rows += counts.get(term)!;
      later.push(term);
    }
    if (later.length === 0 || rows < splitRows) return whole('whole');
    const first = terms.filter((term) => !later.includes(term));
    // The chunks holding a rarer term, scored without the later terms (exact for those holding
    // none), and those holding both, scored with all; a chunk in both lists keeps the larger.
    const best = new Map<number, number>();
    for (const hit of [...this.run(anyOf(first), limit), ...this.run(`${anyOf(first)} AND ${anyOf(later)}`, limit)]) {
      best.set(hit.id, Math.max(hit.score, best.get(hit.id) ?? -Infinity));
    }
    const hits = [...best].map(([id, score]) => ({ id, score })).sort((a, b) => b.score - a.score || a.id - b.id).slice(0, limit);
    if (hits.length === limit && hits.at(-1)!.score > ceiling) return { hits, plan: 'split' };
    return whole('split-failed');
  }

  private run(match: string, limit: number): TextHit[] {
    return this.ranked.all(match, limit).map((row) => ({ id: row.id, score: -row.rank }));
  }
}

/** bm25's idf as FTS5 computes it (never below 1e-6), for a term in `count` of `total` chunks. */
function idf(count: number, total: number): number {
  return Math.max(1e-6, Math.log((total - count + 0.5) / (count + 0.5)));
}
