import type { SseEvent } from '../../sse.js';
import { eventType, type StreamNote, type StreamTracker } from '../stream-tracker.js';
import { failureFrames, streamErrorFrame } from './errors.js';
import { sniffUsage } from './sniff-usage.js';
import { isRecord, rec, str, type Json } from './wire.js';

const COMPLETE = new Set(['response.completed', 'response.incomplete']);

/**
 * A Responses stream is complete at response.completed (or .incomplete); response.failed and
 * `error` end it as failures. The first and the latest event are kept unparsed: only a
 * failure needs the response in flight and the sequence number to continue from.
 */
export class ResponsesStreamTracker implements StreamTracker {
  readonly terminal = 'response.completed';
  ended = false;
  private first: string | undefined;
  private latest: string | undefined;

  see(event: SseEvent): StreamNote | undefined {
    if (event.data === '[DONE]') return undefined;
    this.first ??= event.data;
    this.latest = event.data;
    const type = eventType(event);
    if (type && COMPLETE.has(type)) this.ended = true;
    else if (type === 'response.failed' || type === 'error') {
      this.ended = true;
      const data = parse(event.data);
      const error = type === 'error' ? (isRecord(data.error) ? data.error : data) : rec(rec(data.response).error);
      return { error: { code: str(error.code) ?? 'upstream_error', message: str(error.message) ?? 'upstream response failed' } };
    }
    const usage = sniffUsage(event);
    return usage ? { usage } : undefined;
  }

  errorFrame(code: string, message: string): string {
    const response = rec(parse(this.first).response);
    if (!str(response.id)) return streamErrorFrame(code, message);
    const latest = parse(this.latest).sequence_number;
    let next = typeof latest === 'number' ? latest + 1 : 0;
    return failureFrames(response, () => next++, code, message);
  }
}

function parse(data: string | undefined): Json {
  if (data === undefined) return {};
  try {
    return rec(JSON.parse(data));
  } catch {
    return {};
  }
}
