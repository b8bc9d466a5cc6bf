import type { Db } from '../store/database.js';
import { chunkRemovals } from './memory-store.js';

/** Terms whose counts are kept; past this the longest unused are dropped. */
const keptTerms = 10_000;

/**
 * How many chunks of space memory hold each term, exactly as bm25 counts them for its idf
 * (the rows matching the term as a phrase, in any column; FTS5 stems it as the index does).
 * A first count costs about a tenth of scoring the same chunks; it is kept, and brought up to
 * date by counting only the chunks added since (chunks are never edited; a removal drops
 * every kept count).
 */
export class TermCounts {
  private readonly matching;
  private readonly newest;
  /** term → its count over the chunks up to id `through`. */
  private readonly kept = new Map<string, { count: number; through: number }>();
  private removals = 0;
  /** The newest chunk id at the last count: no kept count goes past it. */
  private newestSeen = 0;

  constructor(private readonly db: Db) {
    // Bounded by the newest id read first, so a chunk added meanwhile is counted once, later.
    this.matching = db.prepare<[string, number, number], { n: number }>('SELECT count(*) AS n FROM memory_fts WHERE memory_fts MATCH ? AND rowid > ? AND rowid <= ?');
    this.newest = db.prepare<[], { id: number | null }>('SELECT max(id) AS id FROM memory_chunks');
  }

  /**
   * Each term's count of chunks. Counts taken inside a transaction are not kept: a rollback
   * would take back chunks they include, and their ids would be given out again.
   */
  counts(terms: string[]): Map<string, number> {
    const removals = chunkRemovals(this.db);
    const newest = this.atLeastTotal();
    // Fewer chunks than last time without a removal seen (another connection): start again.
    if (removals !== this.removals || newest < this.newestSeen) {
      this.kept.clear();
      this.removals = removals;
    }
    this.newestSeen = newest;
    const keep = !this.db.inTransaction;
    return new Map(
      terms.map((term) => {
        const phrase = `"${term.replaceAll('"', '""')}"`;
        const known = keep ? this.kept.get(term) : undefined;
        const count = (known?.count ?? 0) + (known?.through === newest ? 0 : this.matching.get(phrase, known?.through ?? 0, newest)!.n);
        if (keep) {
          this.kept.delete(term);
          this.kept.set(term, { count, through: newest });
          if (this.kept.size > keptTerms) this.kept.delete(this.kept.keys().next().value!);
        }
        return [term, count];
      }),
    );
  }

  /**
   * At least the number of chunks (the newest chunk's id: deleted chunks leave gaps), so an
   * idf computed with it is never below bm25's own.
   */
  atLeastTotal(): number {
    return this.newest.get()?.id ?? 0;
  }
}
