import { z } from 'zod';

/** `memory:`: how spaces are indexed, embedded and searched, and what context a task is given. */
export const memorySchema = z.strictObject({
  /**
   * The model vectors are made with, routed like any model call (`text-embedding-3-small`,
   * `nomic-embed-text`). Unset: full-text search only.
   */
  embeddingModel: z.string().min(1).optional(),
  /** Vector length asked of the embedding model (`dimensions`); unset: the model's own. */
  dimensions: z.number().int().min(8).max(8_192).optional(),
  /** Chunks sent in one embeddings call. */
  batchSize: z.number().int().min(1).max(2_048).default(64),
  /** How long new chunks wait for others to share their embeddings call. */
  batchDelayMs: z.number().int().min(0).max(60_000).default(200),
  /** The length a chunk aims at, in characters; paragraphs are kept whole when they fit. */
  chunkChars: z.number().int().min(200).max(20_000).default(1_000),
  /** Characters of the end of a chunk repeated at the start of the next. */
  chunkOverlap: z.number().int().min(0).max(5_000).default(150),
  /** The most relevant chunks (K) added to a task's prompt in a space; 0 turns that off. */
  contextChunks: z.number().int().min(0).max(50).default(5),
  /** Characters those chunks may take in the prompt. */
  contextChars: z.number().int().min(0).max(200_000).default(4_000),
  /** How long a task's start waits for its search (the query's embedding) before it goes on with full-text hits only. */
  contextTimeoutMs: z.number().int().min(100).max(60_000).default(3_000),
  /** A failed embeddings batch is tried again after this, doubling up to `retryMaxMs`. */
  retryBaseMs: z.number().int().min(10).max(600_000).default(2_000),
  retryMaxMs: z.number().int().min(10).max(3_600_000).default(300_000),
  /**
   * Vector hits at or below this cosine similarity are dropped: the nearest vectors are
   * returned however far they are, so raise it (0.3 to 0.5 for most models) to keep hybrid results tight.
   */
  minSimilarity: z.number().min(-1).max(1).default(0),
});

export type MemoryConfig = z.infer<typeof memorySchema>;

export const searchModes = ['hybrid', 'text', 'vector'] as const;
export type SearchMode = (typeof searchModes)[number];

/** What a chunk came from: a space message, a task's result, or an artifact. */
export type MemorySourceType = 'message' | 'task' | 'artifact';

export interface MemorySource {
  type: MemorySourceType;
  task_id: string | null;
  /** The space message (a prompt, a note, a task's result); null for an artifact. */
  message_id: number | null;
  /** The artifact's name. */
  artifact: string | null;
  author: string | null;
}

/** One chunk found by a memory search. */
export interface MemoryHit {
  chunk_id: number;
  space_id: string;
  /** Hybrid: the reciprocal-rank-fusion score; text: bm25 (higher is better); vector: cosine similarity. */
  score: number;
  text_score: number | null;
  vector_score: number | null;
  source: MemorySource;
  /** Epoch milliseconds of the message, result or artifact. */
  created_at: number;
  /** Around the best match, HTML-escaped, matched words in <mark>…</mark>. */
  snippet: string;
  text: string;
}

export interface MemorySearchResult {
  query: string;
  mode: SearchMode;
  results: MemoryHit[];
  took_ms: number;
  /** Whether vectors took part: `used`, `off` (no embedding model), `failed` (the query could not be embedded), `not_asked` (text mode). */
  vectors: 'used' | 'off' | 'failed' | 'not_asked';
  warnings: string[];
}

export type EmbeddingState = 'off' | 'idle' | 'embedding' | 'retrying' | 'unavailable';

/** Space memory as a whole: the index and the background embedding's progress. */
export interface MemoryStatus {
  embedding_model: string | null;
  /** The stored vectors' length, once the first came back. */
  dimensions: number | null;
  state: EmbeddingState;
  chunks: number;
  embedded: number;
  /** Chunks waiting for their vector. */
  backlog: number;
  /** Chunks the embedding model refused, set aside until the model changes. */
  refused: number;
  last_error: string | null;
  /** Epoch milliseconds of the next try while retrying. */
  next_retry_at: number | null;
}

/** The chunks a task was given from its space's memory (its `memory` event). */
export interface TaskMemoryChunk {
  chunk_id: number;
  score: number;
  source: MemorySource;
  /** Characters of the chunk placed in the prompt. */
  chars: number;
}
