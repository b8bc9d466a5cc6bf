import type { Db } from '../store/database.js';

/** Matches read per term to estimate its share of the chunks. */
const sampleSize = 256;
/**
 * bm25 gives a term in more than half of the chunks an idf of log(<1), which FTS5 clamps to
 * 1e-6: it adds nothing to a chunk's rank, yet each chunk holding it is still scored.
 */
export const commonShare = 0.5;

/**
 * Each term's share of space memory's chunks, estimated from its newest matches (FTS5
 * tokenizes the term, so stems count as the index has them): n matches among the chunk ids
 * from the n-th newest to the newest. Deleted chunks leave gaps in the ids, which only makes a
 * term look rarer than it is. About 0.1 ms a term.
 */
export function termShares(db: Db, terms: string[]): Map<string, number> {
  const shares = new Map<string, number>();
  const newest = db.prepare<[], { id: number | null }>('SELECT max(id) AS id FROM memory_chunks').get()?.id;
  if (!newest) return shares;
  const sample = db.prepare<[string, number], { n: number; low: number | null }>(
    'SELECT count(*) AS n, min(rowid) AS low FROM (SELECT rowid FROM memory_fts WHERE memory_fts MATCH ? ORDER BY rowid DESC LIMIT ?)',
  );
  for (const term of terms) {
    const { n, low } = sample.get(`"${term.replaceAll('"', '""')}"`, sampleSize)!;
    shares.set(term, low === null ? 0 : n / (newest - low + 1));
  }
  return shares;
}
