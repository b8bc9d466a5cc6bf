import { setImmediate as nextTurn } from 'node:timers/promises';
import type { GatewayConfig } from '../../../shared/schemas/config.js';
import type { MemoryStatus, SearchMode, TaskMemoryChunk } from '../../../shared/schemas/memory.js';
import type { EventBus } from '../events/bus.js';
import type { GatewayEvents } from '../events/gateway-events.js';
import type { Logger } from '../log/logger.js';
import { embed } from '../models/embeddings/embed.js';
import type { ModelServices } from '../models/pipeline/handle-model-call.js';
import type { Db } from '../store/database.js';
import type { SpaceStore } from '../tasks/space-store.js';
import { EmbeddingWorker } from './embedding-worker.js';
import { MemorySearch, type SearchInput } from './memory-search.js';
import { MemoryStore, type MemoryCounts } from './memory-store.js';
import { SpaceIndexer } from './space-indexer.js';
import { loadSqliteVec, VectorIndex } from './vector-index.js';

/** The chunks a task in a space is given, and how they were found. */
export interface TaskMemory {
  mode: SearchMode;
  chunks: (TaskMemoryChunk & { text: string })[];
  took_ms: number;
  warnings: string[];
}

export interface SpaceMemoryDeps {
  db: Db;
  models: ModelServices;
  spaces: SpaceStore;
  bus: EventBus<GatewayEvents>;
  logger: Logger;
  config: () => GatewayConfig;
}

/** The usage ledger's client for memory's own embeddings calls. */
export const MEMORY_CLIENT = 'agentmesh-memory';
const queryCacheSize = 256;

/**
 * Space memory: indexes every space's messages, task results and text artifacts (FTS5 always;
 * sqlite-vec vectors when memory.embeddingModel is set, embedded in the background through the
 * gateway's own /v1/embeddings pipeline), searches them, and finds the context a task is given.
 */
export class SpaceMemory {
  readonly store: MemoryStore;
  readonly vectors: VectorIndex;
  private readonly indexer: SpaceIndexer;
  private readonly worker: EmbeddingWorker;
  private readonly searcher: MemorySearch;
  private readonly queryVectors = new Map<string, Float32Array>();
  private progressTimer: NodeJS.Timeout | undefined;
  private backfillTurn: NodeJS.Immediate | undefined;
  private readonly offs: (() => void)[] = [];

  constructor(private readonly deps: SpaceMemoryDeps) {
    const unavailable = loadSqliteVec(deps.db);
    if (unavailable) deps.logger.warn('space memory: sqlite-vec did not load; full-text search only', { error: unavailable });
    else {
      // A vector search reads every vector of the spaces it searches: through a memory map
      // rather than read() calls into SQLite's 2 MB page cache, with room for the chunks
      // being written (bench:memory measured searches about 3x and inserts about 10x faster).
      deps.db.pragma('mmap_size = 1073741824');
      deps.db.pragma('cache_size = -32768');
    }
    const memory = () => deps.config().memory;
    this.store = new MemoryStore(deps.db);
    this.vectors = new VectorIndex(deps.db, this.store);
    this.worker = new EmbeddingWorker({
      store: this.store,
      vectors: this.vectors,
      config: memory,
      logger: deps.logger,
      embed: (texts, signal) => this.embed(texts, signal),
      ...(unavailable ? { unavailable: `sqlite-vec did not load: ${unavailable}` } : {}),
      onProgress: () => this.progressed(),
    });
    this.indexer = new SpaceIndexer(deps.db, this.store, this.vectors, memory, () => {
      this.progressed();
      this.worker.kick();
    });
    this.searcher = new MemorySearch(deps.db, this.store, this.vectors, memory, (text, signal) => this.queryVector(text, signal));
  }

  /** Catches up with the spaces and the configured model, then follows both. */
  start(): void {
    this.offs.push(
      this.deps.bus.on('context.updated', () => this.indexer.schedule()),
      this.deps.bus.on('config.changed', () => {
        this.queryVectors.clear();
        this.worker.sync();
      }),
    );
    this.worker.sync();
    this.indexer.schedule();
    this.backfillSketches();
  }

  stop(): void {
    this.offs.splice(0).forEach((off) => off());
    this.indexer.stop();
    this.worker.stop();
    clearTimeout(this.progressTimer);
    clearImmediate(this.backfillTurn);
  }

  search(input: SearchInput) {
    return this.searcher.search(input);
  }

  /** Indexes whatever is new now (tests and benchmarks wait on this instead of the next turn). */
  indexNow(): number {
    let added = 0;
    for (let pass = this.indexer.catchUp(); ; pass = this.indexer.catchUp()) {
      added += pass.added;
      if (!pass.more) break;
    }
    if (added) this.worker.kick();
    return added;
  }

  counts(spaceId: string): MemoryCounts {
    return this.store.counts(spaceId);
  }

  /** Forgets a space's chunks and vectors; the caller removes the space itself in the same transaction. */
  forgetSpace(spaceId: string): number {
    const refs = this.store.refsOf(spaceId);
    this.vectors.remove(refs);
    this.store.remove(refs);
    this.progressed();
    return refs.length;
  }

  status(): MemoryStatus {
    const progress = this.worker.progress();
    const counts = this.store.totals();
    // Without vectors to make, nothing is waiting for one.
    const embedding = progress.state !== 'off' && progress.state !== 'unavailable';
    return {
      embedding_model: this.deps.config().memory.embeddingModel ?? null,
      dimensions: this.vectors.dims ?? null,
      state: progress.state,
      chunks: counts.chunks,
      embedded: counts.embedded,
      backlog: embedding ? counts.waiting : 0,
      refused: counts.refused,
      last_error: progress.lastError,
      next_retry_at: progress.nextRetryAt,
    };
  }

  /**
   * The chunks of the task's space most relevant to its prompt (hybrid search; full-text only
   * without an embedding model or when the query's vector is late), within memory.contextChars,
   * leaving out the task's own prompt and the recent history it gets anyway.
   */
  async taskContext(task: { id: string; parent_id: string | null; prompt: string; space_id: string | null }): Promise<TaskMemory | undefined> {
    const { contextChunks, contextChars, contextTimeoutMs, embeddingModel } = this.deps.config().memory;
    if (!task.space_id || contextChunks === 0 || contextChars === 0) return undefined;
    // Never inside the turn that submitted the task: the search belongs to its start.
    await nextTurn();
    const given = new Set(this.deps.spaces.recent(task.space_id).map((message) => message.id));
    const result = await this.search({
      q: task.prompt.slice(0, 4_000),
      spaces: [task.space_id],
      limit: contextChunks,
      mode: embeddingModel ? 'hybrid' : 'text',
      timeoutMs: contextTimeoutMs,
      // The task's own prompt (a fan-out child's is its parent's) and the history it gets anyway.
      skip: (row) => (row.source_type === 'message' && row.task_id !== null && (row.task_id === task.id || row.task_id === task.parent_id)) || (row.source_type !== 'artifact' && given.has(row.source_id)),
    });
    const chunks: TaskMemory['chunks'] = [];
    let room = contextChars;
    for (const hit of result.results) {
      if (room < Math.min(200, hit.text.length)) break;
      const text = hit.text.length > room ? `${hit.text.slice(0, room - 1)}…` : hit.text;
      room -= text.length;
      chunks.push({ chunk_id: hit.chunk_id, score: hit.score, source: hit.source, chars: text.length, text });
    }
    return { mode: result.mode, chunks, took_ms: result.took_ms, warnings: result.warnings };
  }

  private async embed(texts: string[], signal: AbortSignal): Promise<number[][]> {
    const { embeddingModel, dimensions } = this.deps.config().memory;
    if (!embeddingModel) throw new Error('memory.embeddingModel is not set');
    const request = { model: embeddingModel, input: texts, encodingFormat: 'float' as const, ...(dimensions ? { dimensions } : {}) };
    return (await embed(this.deps.models, request, { client: MEMORY_CLIENT, signal })).vectors;
  }

  /** A query's vector, remembered for repeated searches (the dashboard searching as one types). */
  private async queryVector(text: string, signal: AbortSignal): Promise<Float32Array> {
    const key = `${this.deps.config().memory.embeddingModel}\n${text}`;
    const cached = this.queryVectors.get(key);
    if (cached) return cached;
    const [vector] = await this.embed([text], signal);
    const made = Float32Array.from(vector!);
    if (this.queryVectors.size >= queryCacheSize) this.queryVectors.delete(this.queryVectors.keys().next().value!);
    this.queryVectors.set(key, made);
    return made;
  }

  /** Sketches the vectors of a database from before sketches, a batch a turn, off the request path. */
  private backfillSketches(): void {
    this.backfillTurn = setImmediate(() => {
      if (this.vectors.backfillSketches()) this.backfillSketches();
      else this.backfillTurn = undefined;
    });
  }

  /** Tells the dashboard (the backlog badge) at most four times a second. */
  private progressed(): void {
    if (this.progressTimer) return;
    this.progressTimer = setTimeout(() => {
      this.progressTimer = undefined;
      this.deps.bus.emit('memory.status', this.status());
    }, 250);
    this.progressTimer.unref();
  }
}
