import type { Usage } from '../canonical.js';
import type { SseEvent } from '../sse.js';

/** The code every decoder and tracker gives a stream that ended before its terminal event. */
export const STREAM_TRUNCATED = 'UPSTREAM_STREAM_TRUNCATED';

/** What a truncated stream is called, on the translated and the pass-through path alike. */
export const truncationMessage = (terminal: string) => `upstream stream ended before ${terminal}`;

/** What one relayed event told the tracker, when it told it anything. */
export interface StreamNote {
  usage?: Usage;
  /** The upstream reported a failure in-band; the event is relayed (redacted) as the client's error. */
  error?: { code: string; message: string };
}

/**
 * Follows a stream relayed untouched (same protocol on both sides) as cheaply as it can:
 * the usage it reports, whether its terminal event came, and how to end it with an error
 * that continues it (Responses: the same response id and model, the next sequence_number).
 */
export interface StreamTracker {
  /** The event whose absence makes a stream truncated, named as the truncation message says it. */
  readonly terminal: string;
  /** The terminal event or an in-band error has been seen: nothing more is owed to the client. */
  readonly ended: boolean;
  see(event: SseEvent): StreamNote | undefined;
  errorFrame(code: string, message: string): string;
}

/** `"type":"…"` of an event without parsing it: providers put `type` first. */
export function eventType(event: SseEvent): string | undefined {
  if (event.event) return event.event;
  return /"type"\s*:\s*"([^"]*)"/.exec(event.data)?.[1];
}
