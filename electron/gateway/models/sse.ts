/** Response headers of every event stream the gateway serves (no proxy buffering, no caching). */
export const sseHeaders = {
  'content-type': 'text/event-stream; charset=utf-8',
  'cache-control': 'no-cache',
  connection: 'keep-alive',
  'x-accel-buffering': 'no',
} as const;

export interface SseEvent {
  event?: string;
  data: string;
}

/** The default of `limits.sseLineBytes`. */
export const DEFAULT_SSE_LINE_BYTES = 16 * 1024 * 1024;

/** A line, or the data of one event, longer than the configured cap. */
export class SseLimitError extends Error {
  constructor(readonly limit: number) {
    super(`an SSE line or event exceeded the ${limit}-byte limit (limits.sseLineBytes)`);
    this.name = 'SseLimitError';
  }
}

export interface SseOptions {
  /** Longest line, and longest data of one event, in bytes (default 16 MB). */
  maxLineBytes?: number;
}

/**
 * Parses a byte stream of Server-Sent Events incrementally; yields each complete event.
 * Only the newly read text is searched for line ends, and an unfinished line waits as a list
 * of pieces joined once, so a line of any length costs time linear in its size; past the
 * cap the stream fails at once instead of buffering on.
 */
export async function* parseSse(body: AsyncIterable<Uint8Array | string>, options: SseOptions = {}): AsyncIterable<SseEvent> {
  const limit = options.maxLineBytes ?? DEFAULT_SSE_LINE_BYTES;
  const text = new TextDecoder('utf-8');
  let pending: string[] = [];
  let pendingBytes = 0;
  let event: string | undefined;
  let data: string[] = [];
  let dataBytes = 0;
  for await (const chunk of body) {
    const read = typeof chunk === 'string' ? chunk : text.decode(chunk, { stream: true });
    let start = 0;
    for (let newline = read.indexOf('\n'); newline !== -1; newline = read.indexOf('\n', start)) {
      let line = read.slice(start, newline);
      start = newline + 1;
      if (pending.length > 0) {
        pending.push(line);
        line = pending.join('');
        pending = [];
      }
      pendingBytes = 0;
      if (line.endsWith('\r')) line = line.slice(0, -1);
      if (line === '') {
        if (data.length > 0) yield { event, data: data.join('\n') };
        event = undefined;
        data = [];
        dataBytes = 0;
        continue;
      }
      if (line.startsWith(':')) continue;
      const bytes = Buffer.byteLength(line);
      if (bytes > limit) throw new SseLimitError(limit);
      const colon = line.indexOf(':');
      const field = colon === -1 ? line : line.slice(0, colon);
      let value = colon === -1 ? '' : line.slice(colon + 1);
      if (value.startsWith(' ')) value = value.slice(1);
      if (field === 'data') {
        dataBytes += bytes;
        if (dataBytes > limit) throw new SseLimitError(limit);
        data.push(value);
      } else if (field === 'event') event = value;
    }
    if (start < read.length) {
      const rest = start === 0 ? read : read.slice(start);
      pendingBytes += Buffer.byteLength(rest);
      if (pendingBytes > limit) throw new SseLimitError(limit);
      pending.push(rest);
    }
  }
  if (data.length > 0) yield { event, data: data.join('\n') };
}

/** One SSE frame. `data` is written as given (already JSON text) to avoid re-serialising. */
export function sseFrame(data: string, event?: string): string {
  return event ? `event: ${event}\ndata: ${data}\n\n` : `data: ${data}\n\n`;
}
