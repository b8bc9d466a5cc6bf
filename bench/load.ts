import { performance } from 'node:perf_hooks';
import type { Client, StreamTiming } from './client.js';

// Bounded load patterns: a fixed count, or a fixed wall-clock window. Nothing runs open-ended.

export async function sequential(client: Client, count: number, path: string, body: string): Promise<number[]> {
  const samples: number[] = [];
  for (let i = 0; i < count; i++) samples.push(await client.call(path, body));
  return samples;
}

export interface Throughput {
  requestsPerSecond: number;
  completed: number;
  /** Completions in the warm-up too. */
  total: number;
  errors: number;
  firstError?: string;
}

/**
 * `concurrency` clients each send the next request as soon as the last one finished.
 * Only completions inside the measuring window count; the warm-up lets pools and JIT settle.
 */
export async function closedLoop(concurrency: number, warmMs: number, measureMs: number, once: () => Promise<unknown>): Promise<Throughput> {
  const start = performance.now();
  const from = start + warmMs;
  const until = from + measureMs;
  let completed = 0;
  let total = 0;
  let errors = 0;
  let firstError: string | undefined;
  const worker = async () => {
    while (performance.now() < until) {
      try {
        await once();
        total++;
        const now = performance.now();
        if (now >= from && now <= until) completed++;
      } catch (error) {
        errors++;
        firstError ??= String(error);
      }
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return { requestsPerSecond: completed / (measureMs / 1000), completed, total, errors, firstError };
}

export interface StreamLoad {
  ttfb: number[];
  gaps: number[];
  streams: number;
  errors: number;
  firstError?: string;
}

/**
 * `concurrency` clients each open the next stream when the last one ends, their first
 * streams spread over `spreadMs` so that they do not move in lockstep. Streams that start
 * inside the measuring window are sampled.
 */
export async function streamLoop(
  concurrency: number,
  spreadMs: number,
  warmMs: number,
  measureMs: number,
  once: () => Promise<StreamTiming>,
): Promise<StreamLoad> {
  const start = performance.now();
  const from = start + warmMs;
  const until = from + measureMs;
  const load: StreamLoad = { ttfb: [], gaps: [], streams: 0, errors: 0 };
  const worker = async (index: number) => {
    await new Promise((resolve) => setTimeout(resolve, (index / concurrency) * spreadMs));
    while (performance.now() < until) {
      const startedAt = performance.now();
      try {
        const timing = await once();
        if (startedAt < from) continue;
        load.streams++;
        load.ttfb.push(timing.ttfb);
        for (const gap of timing.gaps) load.gaps.push(gap);
      } catch (error) {
        load.errors++;
        load.firstError ??= String(error);
      }
    }
  };
  await Promise.all(Array.from({ length: concurrency }, (_, index) => worker(index)));
  return load;
}

/** `total` calls, `concurrency` at a time; resolves once all are done. Failures are counted, not thrown. */
export async function countLoop(concurrency: number, total: number, once: () => Promise<unknown>): Promise<{ errors: number; firstError?: string }> {
  let started = 0;
  let errors = 0;
  let firstError: string | undefined;
  const worker = async () => {
    while (started < total) {
      started++;
      try {
        await once();
      } catch (error) {
        errors++;
        firstError ??= String(error);
      }
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return { errors, firstError };
}
