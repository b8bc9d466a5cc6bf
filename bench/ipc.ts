import { performance } from 'node:perf_hooks';
import type { Reply } from '../electron/gateway/testing/upstream-types.js';

// Messages between bench/gateway.ts and the upstream child process.

export type ToUpstream = { type: 'reply'; id: number; reply: Reply } | { type: 'connections'; id: number };

export type FromUpstream =
  | { type: 'ready'; url: string }
  | { type: 'ack'; id: number }
  /** TCP connections the upstream has accepted since it started. */
  | { type: 'connections'; id: number; opened: number }
  /** A client closed a model request early; `at` is `epochMs()` in the upstream process. */
  | { type: 'abort'; at: number };

/**
 * Wall-clock milliseconds with sub-millisecond resolution. Every process derives it from its
 * start time plus the monotonic clock, so values from two processes on one machine compare
 * to within microseconds: this is what lets an abort in the bench meet the upstream's close.
 */
export const epochMs = () => performance.timeOrigin + performance.now();
