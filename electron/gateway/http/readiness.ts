import type { NextFunction, Request, Response } from 'express';
import { HttpError } from './http-error.js';

/** Seconds a client is told to wait before it asks a starting gateway again. */
export const startingRetryAfterSeconds = 1;

/**
 * Whether the gateway may take work yet. Startup steps that must finish before a request is
 * served (the gateway's own start, and any a component adds) hold it; while one does, every
 * route but /health answers 503 STARTING and /health says "starting".
 */
export class Readiness {
  private readonly holds = new Map<number, string>();
  private nextHold = 0;
  private waiters: (() => void)[] = [];

  get ready(): boolean {
    return this.holds.size === 0;
  }

  /** The steps still running, by name. */
  pending(): string[] {
    return [...new Set(this.holds.values())];
  }

  /** Holds the gateway in "starting" until the returned release is called (once is enough). */
  hold(step: string): () => void {
    const id = this.nextHold++;
    this.holds.set(id, step);
    return () => {
      if (!this.holds.delete(id) || !this.ready) return;
      const waiters = this.waiters;
      this.waiters = [];
      for (const resolve of waiters) resolve();
    };
  }

  whenReady(): Promise<void> {
    return this.ready ? Promise.resolve() : new Promise((resolve) => this.waiters.push(resolve));
  }

  /** The refusal a request gets while starting, or undefined once ready. */
  refusal(): HttpError | undefined {
    if (this.ready) return undefined;
    return new HttpError(503, 'STARTING', `The gateway is starting (waiting for: ${this.pending().join(', ')}); retry in a moment`, {
      headers: { 'retry-after': String(startingRetryAfterSeconds) },
    });
  }
}

export function startingGuard(readiness: Readiness) {
  return (_req: Request, _res: Response, next: NextFunction) => next(readiness.refusal());
}
