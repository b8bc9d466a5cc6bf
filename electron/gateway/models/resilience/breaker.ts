export type CircuitState = 'closed' | 'open' | 'half-open';

/**
 * A per-provider circuit breaker. After `threshold` consecutive failures it opens and
 * refuses calls for `cooldownMs`; then it lets one trial call through (half-open), whose
 * outcome closes or re-opens it.
 */
export class CircuitBreaker {
  private failures = 0;
  private openedAt = 0;
  private trialInFlight = false;
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

  /** Whether a call may go now; in half-open state only the one trial call may. */
  tryAcquire(): boolean {
    const state = this.current();
    if (state === 'closed') return true;
    if (state === 'half-open' && !this.trialInFlight) {
      this.trialInFlight = true;
      return true;
    }
    return false;
  }

  succeed(): void {
    this.failures = 0;
    this.trialInFlight = false;
    if (this.state !== 'closed') this.set('closed');
  }

  fail(): void {
    this.trialInFlight = false;
    this.failures += 1;
    if (this.state === 'half-open' || this.failures >= this.threshold) {
      this.openedAt = this.now();
      if (this.state !== 'open') this.set('open');
    }
  }

  /** Milliseconds until an open circuit lets a trial through. */
  retryInMs(): number {
    return this.state === 'open' ? Math.max(0, this.cooldownMs - (this.now() - this.openedAt)) : 0;
  }

  private set(state: CircuitState): void {
    this.state = state;
    this.onChange(state);
  }
}
