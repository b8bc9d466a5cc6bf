/**
 * One token bucket per agent: `burst` frames at once, refilled at `perSecond`. Buckets of
 * agents that went quiet are dropped, so the map holds only recent senders.
 */
export class RateBuckets {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();
  private lastPrune = 0;

  constructor(
    private readonly limits: () => { perSecond: number; burst: number },
    private readonly now: () => number = Date.now,
  ) {}

  /** Takes one token for the agent; false when it has none left. */
  take(agentId: string): boolean {
    const { perSecond, burst } = this.limits();
    const now = this.now();
    const bucket = this.buckets.get(agentId);
    if (!bucket) {
      this.buckets.set(agentId, { tokens: burst - 1, at: now });
      this.prune(now, burst / perSecond);
      return true;
    }
    bucket.tokens = Math.min(burst, bucket.tokens + ((now - bucket.at) / 1_000) * perSecond);
    bucket.at = now;
    if (bucket.tokens < 1) return false;
    bucket.tokens -= 1;
    return true;
  }

  private prune(now: number, refillSeconds: number): void {
    // A bucket idle long enough to be full again says nothing a new one would not.
    const idleMs = Math.max(1_000, refillSeconds * 1_000);
    if (now - this.lastPrune < idleMs) return;
    this.lastPrune = now;
    for (const [id, bucket] of this.buckets) if (now - bucket.at >= idleMs) this.buckets.delete(id);
  }
}
