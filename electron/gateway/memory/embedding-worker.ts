import type { EmbeddingState, MemoryConfig } from '../../../shared/schemas/memory.js';
import { HttpError } from '../http/http-error.js';
import type { Logger } from '../log/logger.js';
import type { MemoryStore } from './memory-store.js';
import { VectorLengthError, type VectorIndex } from './vector-index.js';

export type EmbedTexts = (texts: string[], signal: AbortSignal) => Promise<number[][]>;

export interface EmbeddingProgress {
  state: EmbeddingState;
  /** Consecutive failed batches; the next try waits longer after each. */
  failures: number;
  lastError: string | null;
  /** Epoch ms of the next try while retrying. */
  nextRetryAt: number | null;
}

const identityKey = 'embedding_model';
/** A request refused for the chunk itself, not for the model or the provider. */
const refusedForChunk = (error: unknown) => error instanceof HttpError && [400, 413, 422].includes(error.status) && error.code !== 'model_not_supported';

/**
 * Embeds waiting chunks in the background, a batch at a time, through the gateway's own
 * embeddings pipeline. A failed batch is tried again after a backoff (doubling up to
 * memory.retryMaxMs); a chunk the model refuses outright is set aside so it cannot hold up
 * the rest. Another model (or vector length) re-embeds everything, in the background too.
 */
export class EmbeddingWorker {
  private running = false;
  private stopped = false;
  private generation = 0;
  private abort = new AbortController();
  private retryTimer: NodeJS.Timeout | undefined;
  private gatherTimer: NodeJS.Timeout | undefined;
  private failures = 0;
  private lastError: string | null = null;
  private nextRetryAt: number | null = null;
  private state: EmbeddingState = 'off';
  /** After a batch was refused: chunks left to send one at a time, to find the one at fault. */
  private singlesLeft = 0;
  private singlesFailed: number[] = [];

  constructor(
    private readonly deps: {
      store: MemoryStore;
      vectors: VectorIndex;
      config: () => MemoryConfig;
      logger: Logger;
      embed: EmbedTexts;
      /** Why vectors cannot be kept at all (sqlite-vec did not load), if so. */
      unavailable?: string;
      onProgress: () => void;
    },
  ) {}

  progress(): EmbeddingProgress {
    return { state: this.state, failures: this.failures, lastError: this.lastError, nextRetryAt: this.nextRetryAt };
  }

  /** Takes in the configured model (a new one re-embeds everything) and starts on the backlog. */
  sync(): void {
    const { embeddingModel, dimensions } = this.deps.config();
    if (this.deps.unavailable) return this.setState('unavailable', this.deps.unavailable);
    if (!embeddingModel) {
      this.cancel();
      return this.setState('off');
    }
    const identity = `${embeddingModel}#${dimensions ?? ''}`;
    const previous = this.deps.store.state(identityKey);
    if (previous !== identity) {
      this.cancel();
      this.reset(identity);
      if (previous) this.deps.logger.info('space memory: embedding every chunk again', { model: embeddingModel });
    }
    if (this.state === 'off' || this.state === 'unavailable') this.setState('idle');
    this.kick();
  }

  /**
   * New chunks wait: embed them unless a batch is in flight or a retry is pending. The first
   * waits memory.batchDelayMs for others to join it, so a burst of messages (a fan-out, a busy
   * space) costs one embeddings call, not one each.
   */
  kick(): void {
    if (this.running || this.retryTimer || this.gatherTimer || this.stopped || this.state === 'off' || this.state === 'unavailable') return;
    this.gatherTimer = setTimeout(() => {
      this.gatherTimer = undefined;
      void this.run();
    }, this.deps.config().batchDelayMs);
    this.gatherTimer.unref();
  }

  stop(): void {
    this.stopped = true;
    this.cancel();
  }

  private async run(): Promise<void> {
    if (this.running || this.stopped) return;
    this.running = true;
    const generation = this.generation;
    try {
      while (!this.stopped && generation === this.generation) {
        const batch = this.deps.store.waiting(this.singlesLeft > 0 ? 1 : this.deps.config().batchSize);
        if (batch.length === 0) break;
        this.setState('embedding');
        let vectors: number[][];
        try {
          vectors = await this.deps.embed(batch.map((chunk) => chunk.text), this.abort.signal);
        } catch (error) {
          if (generation !== this.generation || this.stopped) return;
          if (!this.setAside(batch.map((chunk) => chunk.id), error)) return this.retryLater(error);
          continue;
        }
        if (generation !== this.generation) return;
        try {
          this.deps.store.transaction(() => {
            this.deps.vectors.add(batch.map((chunk, i) => ({ id: chunk.id, spaceId: chunk.space_id, vector: Float32Array.from(vectors[i]!) })));
            this.deps.store.mark(batch.map((chunk) => chunk.id), 1);
          });
        } catch (error) {
          if (!(error instanceof VectorLengthError)) throw error;
          // Same name, another vector length: the model behind it changed. Start over with it.
          this.deps.logger.warn('space memory: the embedding model changed its vector length; embedding every chunk again', { error: error.message });
          this.reset(this.deps.store.state(identityKey) ?? '');
          return;
        }
        if (this.singlesLeft > 0) this.singlesLeft--;
        this.singlesFailed = [];
        this.failures = 0;
        this.lastError = null;
        this.deps.onProgress();
      }
    } catch (error) {
      this.retryLater(error);
    } finally {
      this.running = false;
      if (this.state === 'embedding') this.setState('idle');
      // Chunks added while the last batch was out, or a reset meanwhile, still need a run.
      if (!this.stopped && !this.retryTimer && generation !== this.generation) this.kick();
    }
  }

  /**
   * A refused batch is sent again one chunk at a time; a single chunk refused is set aside.
   * Three refused in a row mean the model refuses everything: those wait again, and the
   * whole is retried later. Returns false when the failure is not the chunks' own.
   */
  private setAside(ids: number[], error: unknown): boolean {
    if (!refusedForChunk(error)) return false;
    if (ids.length > 1) {
      this.singlesLeft = ids.length;
      return true;
    }
    this.deps.store.mark(ids, -1);
    this.singlesFailed.push(ids[0]!);
    if (this.singlesFailed.length >= 3) {
      this.deps.store.mark(this.singlesFailed, 0);
      this.singlesFailed = [];
      this.singlesLeft = 0;
      return false;
    }
    this.singlesLeft = Math.max(0, this.singlesLeft - 1);
    this.lastError = `a chunk was refused and set aside: ${(error as Error).message}`;
    this.deps.logger.warn('space memory: a chunk was refused by the embedding model', { chunk: ids[0], error: (error as Error).message });
    return true;
  }

  private retryLater(error: unknown): void {
    const { retryBaseMs, retryMaxMs } = this.deps.config();
    this.failures++;
    const delay = Math.min(retryMaxMs, retryBaseMs * 2 ** (this.failures - 1));
    this.lastError = (error as Error).message ?? String(error);
    this.nextRetryAt = Date.now() + delay;
    this.deps.logger.warn('space memory: embedding failed; trying again later', { error: this.lastError, retryInMs: delay });
    this.setState('retrying');
    this.retryTimer = setTimeout(() => {
      this.retryTimer = undefined;
      this.nextRetryAt = null;
      this.setState('idle');
      this.kick();
    }, delay);
    this.retryTimer.unref();
  }

  /** Drops every vector and marks every chunk waiting, for `identity`. */
  private reset(identity: string): void {
    this.generation++;
    this.singlesLeft = 0;
    this.singlesFailed = [];
    this.deps.store.transaction(() => {
      this.deps.vectors.drop();
      this.deps.store.unembedAll();
      this.deps.store.setState(identityKey, identity);
    });
    this.deps.onProgress();
  }

  /** Ends the batch in flight and any pending retry. */
  private cancel(): void {
    this.generation++;
    this.abort.abort();
    this.abort = new AbortController();
    clearTimeout(this.retryTimer);
    this.retryTimer = undefined;
    clearTimeout(this.gatherTimer);
    this.gatherTimer = undefined;
    this.failures = 0;
    this.nextRetryAt = null;
    this.lastError = null;
  }

  private setState(state: EmbeddingState, error?: string): void {
    if (error !== undefined) this.lastError = error;
    if (this.state === state) return;
    this.state = state;
    this.deps.onProgress();
  }
}
