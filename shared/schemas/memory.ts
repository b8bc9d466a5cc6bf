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
   * Vector searches over at most this many chunks compare the query with every vector (exact);
   * larger ones take the nearest by a 1-bit sketch first and rank those exactly.
   */
  exactSearchMaxChunks: z.number().int().min(0).default(20_000),
});

export type MemoryConfig = z.infer<typeof memorySchema>;
