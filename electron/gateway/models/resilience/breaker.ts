export type CircuitState = 'closed' | 'open' | 'half-open';

/**
 * One call's pass through a breaker. The first of its methods to run decides; the rest are
 * no-ops, so a caller can `release()` in a `finally` after giving its verdict.
 */
export interface BreakerPermit {
  succeed(): void;
  fail(): void;
  /** Ends the call without a verdict (the client left): a half-open trial slot is freed. */
  release(): void;
}

/**
 * A per-provider circuit breaker. After `threshold` consecutive failures it opens and
 * refuses calls for `cooldownMs`; then it lets one trial call through (half-open), whose
 * outcome closes or re-opens it.
 */
export class CircuitBreaker {
  private failures = 0;
  private openedAt = 0;
  private trial = false;
  private state: CircuitState = 'closed';

  constructor(
    private readonly threshold: number,
    private readonly cooldownMs: number,
    private readonly onChange: (state: CircuitState) => void = () => {},
    private readonly now: () => number = Date.now,
  ) {}

  current(): CircuitState {
    if (this.state === 'open' && this.now() - this.openedAt >= this.cooldownMs) this.set('half-open');
    return this.state;
  }

  /** A permit when a call may go now (in half-open state only the one trial call may), else undefined. */
  tryAcquire(): BreakerPermit | undefined {
    const state = this.current();
    if (state === 'closed') return this.permit(false);
    if (state === 'half-open' && !this.trial) {
      this.trial = true;
      return this.permit(true);
    }
    return undefined;
  }

  /** Whether the half-open trial call is under way (no other call may go meanwhile). */
  trialInFlight(): boolean {
    return this.trial;
  }

  /** Milliseconds until an open circuit lets a trial through. */
  retryInMs(): number {
    return this.state === 'open' ? Math.max(0, this.cooldownMs - (this.now() - this.openedAt)) : 0;
  }

  private permit(isTrial: boolean): BreakerPermit {
    let settled = false;
    const settle = (verdict?: () => void) => {
      if (settled) return;
      settled = true;
      if (isTrial) this.trial = false;
      verdict?.();
    };
    return {
      succeed: () => settle(() => this.succeeded()),
      fail: () => settle(() => this.failed()),
      release: () => settle(),
    };
  }

  private succeeded(): void {
    this.failures = 0;
    if (this.state !== 'closed') this.set('closed');
  }

  private failed(): void {
    this.failures += 1;
    if (this.state === 'half-open' || this.failures >= this.threshold) {
      this.openedAt = this.now();
      if (this.state !== 'open') this.set('open');
    }
  }

  private set(state: CircuitState): void {
    this.state = state;
    this.onChange(state);
  }
}
