/**
 * An event consumer (SSE or WebSocket) that stops reading would make the gateway buffer every
 * event for it, without bound. Once its unsent bytes pass `limits.eventClientBufferBytes` it
 * is dropped: unsubscribed at once, told why (queued behind what it has not read, so it sees
 * the reason if it ever catches up), and its socket destroyed if it has not drained by then.
 */
export const slowConsumerGraceMs = 5_000;

export const slowConsumerCode = 'CONSUMER_TOO_SLOW';

/** Short enough for a WebSocket close reason (123 bytes). */
export const slowConsumerReason = (limitBytes: number) => `the client stopped reading: over ${limitBytes} bytes of events were waiting`;

/** Runs `destroy` after the grace period unless `cancel` (the socket closed by itself) comes first. */
export function destroyAfterGrace(destroy: () => void): { cancel(): void } {
  const timer = setTimeout(destroy, slowConsumerGraceMs);
  timer.unref();
  return { cancel: () => clearTimeout(timer) };
}
