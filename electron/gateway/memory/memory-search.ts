import { performance } from 'node:perf_hooks';
import type { MemoryConfig, MemoryHit, MemorySearchResult, SearchMode } from '../../../shared/schemas/memory.js';
import { HttpError } from '../http/http-error.js';
import type { Db } from '../store/database.js';
import { FullText } from './full-text.js';
import type { ChunkRow, MemoryStore } from './memory-store.js';
import { queryTerms } from './query-terms.js';
import { snippetOf } from './snippet.js';
import type { VectorIndex } from './vector-index.js';

export interface SearchInput {
  q: string;
  /** The spaces searched; null searches every space. */
  spaces: string[] | null;
  limit: number;
  mode: SearchMode;
  /** Chunks a caller does not want (a task's own prompt, history it already has). */
  skip?: (row: ChunkRow) => boolean;
  /** Bounds the wait for the query's vector; past it a hybrid search goes on with full-text hits. */
  timeoutMs?: number;
}

/** What a hybrid search fuses: reciprocal ranks, 1 / (RRF_K + rank), the usual constant. */
const RRF_K = 60;

interface Ranked {
  id: number;
  score: number;
}

/** Full-text (FTS5 bm25), vector (sqlite-vec) and hybrid search over space memory. */
export class MemorySearch {
  private readonly fullText: FullText;

  constructor(
    db: Db,
    private readonly store: MemoryStore,
    private readonly vectors: VectorIndex,
    private readonly config: () => MemoryConfig,
    /** The query's vector through the embeddings pipeline; rejects when it cannot be made. */
    private readonly embedQuery: (text: string, signal: AbortSignal) => Promise<Float32Array>,
  ) {
    this.fullText = new FullText(db);
  }

  async search(input: SearchInput): Promise<MemorySearchResult> {
    const startedAt = performance.now();
    const warnings: string[] = [];
    const terms = queryTerms(input.q);
    // Candidates beyond `limit`: fusion and the caller's skip need room.
    const depth = Math.max(input.limit * 3, 30);
    const wantsVectors = input.mode !== 'text';
    let vectors: MemorySearchResult['vectors'] = wantsVectors ? 'used' : 'not_asked';
    const model = this.config().embeddingModel;
    if (wantsVectors && !model) {
      if (input.mode === 'vector') throw new HttpError(409, 'VECTOR_SEARCH_OFF', 'Vector search needs an embedding model: set memory.embeddingModel');
      vectors = 'off';
    }
    const queryVector = vectors === 'used' ? this.queryVector(input) : undefined;
    // Full-text runs while the query's vector is being made.
    const textHits = input.mode === 'vector' ? [] : this.fullText.search(terms, input.spaces, depth).hits.map((hit) => ({ id: hit.id, score: significant(hit.score) }));
    let vectorHits: Ranked[] = [];
    if (queryVector) {
      try {
        const query = await queryVector;
        const { minSimilarity } = this.config();
        vectorHits = this.vectors
          .search(query, input.spaces, depth)
          .filter((hit) => hit.similarity > minSimilarity)
          .map((hit) => ({ id: hit.id, score: hit.similarity }));
      } catch (error) {
        const message = `the query could not be embedded: ${(error as Error).message}`;
        if (input.mode === 'vector') throw new HttpError(502, 'EMBEDDING_FAILED', message);
        vectors = 'failed';
        warnings.push(`${message}; full-text results only`);
      }
    }
    if (vectors === 'off') warnings.push('memory.embeddingModel is not set: full-text results only');
    const rows = new Map(this.store.get([...new Set([...textHits, ...vectorHits].map((hit) => hit.id))]).map((row) => [row.id, row]));
    const keep = (hit: Ranked) => {
      const row = rows.get(hit.id);
      return Boolean(row) && !input.skip?.(row!);
    };
    const text = textHits.filter(keep);
    const vector = vectorHits.filter(keep);
    const fused = input.mode === 'text' ? text : input.mode === 'vector' ? vector : fuse(text, vector);
    const textScore = new Map(text.map((hit) => [hit.id, hit.score]));
    const vectorScore = new Map(vector.map((hit) => [hit.id, hit.score]));
    const results = fused.slice(0, input.limit).map((hit) => toHit(rows.get(hit.id)!, hit.score, textScore.get(hit.id) ?? null, vectorScore.get(hit.id) ?? null, terms));
    return { query: input.q, mode: input.mode, results, took_ms: Math.round((performance.now() - startedAt) * 100) / 100, vectors, warnings };
  }

  private async queryVector(input: SearchInput): Promise<Float32Array> {
    const abort = new AbortController();
    const timer = input.timeoutMs ? setTimeout(() => abort.abort(new Error(`no vector within ${input.timeoutMs} ms`)), input.timeoutMs) : undefined;
    try {
      return await Promise.race([
        this.embedQuery(input.q, abort.signal),
        new Promise<never>((_, reject) => abort.signal.addEventListener('abort', () => reject(abort.signal.reason as Error), { once: true })),
      ]);
    } finally {
      clearTimeout(timer);
    }
  }
}

/** Reciprocal-rank fusion of the two rankings: a chunk high in either, or in both, comes first. */
export function fuse(text: Ranked[], vector: Ranked[]): Ranked[] {
  const scores = new Map<number, number>();
  for (const list of [text, vector]) list.forEach((hit, rank) => scores.set(hit.id, (scores.get(hit.id) ?? 0) + 1 / (RRF_K + rank + 1)));
  return [...scores].map(([id, score]) => ({ id, score: round(score, 6) })).sort((a, b) => b.score - a.score || a.id - b.id);
}

const round = (value: number, digits = 4) => Math.round(value * 10 ** digits) / 10 ** digits;
// bm25 runs from about 1e-6 (a word in most chunks of a small space) to tens: four significant digits, never a 0 for a match.
const significant = (value: number, digits = 4) => Number(value.toPrecision(digits));

function toHit(row: ChunkRow, score: number, text: number | null, vector: number | null, terms: string[]): MemoryHit {
  return {
    chunk_id: row.id,
    space_id: row.space_id,
    score: significant(score, 5),
    text_score: text,
    vector_score: vector === null ? null : round(vector),
    source: {
      type: row.source_type,
      task_id: row.task_id,
      message_id: row.source_type === 'artifact' ? null : row.source_id,
      artifact: row.artifact,
      author: row.author,
    },
    created_at: row.created_at,
    snippet: snippetOf(row.text, terms),
    text: row.text,
  };
}
