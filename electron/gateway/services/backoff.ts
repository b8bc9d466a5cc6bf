/** The wait before restart number `attempt` (0-based): initial, doubling, capped. */
export const backoffDelay = (attempt: number, initialMs: number, maxMs: number) => Math.min(maxMs, initialMs * 2 ** Math.min(attempt, 30));

/** Crash times within the window ending now, the new one included. */
export function recentFailures(failures: number[], now: number, windowMs: number): number[] {
  return [...failures.filter((at) => now - at < windowMs), now];
}
