import type { SseEvent } from '../../sse.js';
import type { StreamNote, StreamTracker } from '../stream-tracker.js';
import { chatError } from './decode-stream.js';
import { streamErrorFrame } from './errors.js';
import { sniffUsage } from './usage.js';
import type { ChatChunk } from './wire-types.js';

// A non-null finish_reason is a string; `"finish_reason":null` rides on every other chunk.
const finished = /"finish_reason"\s*:\s*"/;

/** A chat stream is complete once a finish_reason came, as the chat decoder judges it ([DONE] alone is not enough). */
export class ChatStreamTracker implements StreamTracker {
  readonly terminal = 'a finish_reason';
  ended = false;

  see(event: SseEvent): StreamNote | undefined {
    if (event.data === '[DONE]') return undefined;
    const error = event.event === 'error' || event.data.includes('"error"') ? errorOf(event.data, event.event === 'error') : undefined;
    if (error) {
      this.ended = true;
      return { error };
    }
    if (!this.ended && finished.test(event.data)) this.ended = true;
    const usage = sniffUsage(event);
    return usage ? { usage } : undefined;
  }

  errorFrame(code: string, message: string): string {
    return streamErrorFrame(code, message);
  }
}

function errorOf(data: string, namedError: boolean): StreamNote['error'] {
  let chunk: ChatChunk | null = null;
  try {
    chunk = JSON.parse(data) as ChatChunk | null;
  } catch {
    // a named error event whose data is not JSON still ends the stream as an error
  }
  if (!chunk?.error && !namedError) return undefined;
  return chatError(chunk?.error);
}
