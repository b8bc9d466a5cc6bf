import type { SseEvent } from '../../sse.js';
import { eventType, type StreamNote, type StreamTracker } from '../stream-tracker.js';
import { streamErrorFrame } from './errors.js';
import { sniffUsage } from './usage.js';

/** An Anthropic stream is complete at message_stop; an `error` event ends it too. */
export class MessagesStreamTracker implements StreamTracker {
  readonly terminal = 'message_stop';
  ended = false;

  see(event: SseEvent): StreamNote | undefined {
    const type = eventType(event);
    if (type === 'message_stop') this.ended = true;
    else if (type === 'error') {
      this.ended = true;
      return { error: errorOf(event.data) };
    }
    const usage = sniffUsage(event);
    return usage ? { usage } : undefined;
  }

  errorFrame(code: string, message: string): string {
    return streamErrorFrame(code, message);
  }
}

function errorOf(data: string): { code: string; message: string } {
  let error: { type?: unknown; message?: unknown } = {};
  try {
    const parsed = JSON.parse(data) as { error?: typeof error } | null;
    if (parsed?.error && typeof parsed.error === 'object') error = parsed.error;
  } catch {
    // not JSON: the stream still ended in an error
  }
  return {
    code: typeof error.type === 'string' && error.type ? error.type : 'api_error',
    message: typeof error.message === 'string' && error.message ? error.message : 'upstream reported an error',
  };
}
