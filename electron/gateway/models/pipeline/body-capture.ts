import type { ServerResponse } from 'node:http';

/** The first `maxBytes` of a body, and how much more there was. */
export class BodyCapture {
  private readonly chunks: Buffer[] = [];
  private kept = 0;
  private dropped = 0;

  constructor(private readonly maxBytes: number) {}

  add(chunk: unknown): void {
    if (typeof chunk !== 'string' && !Buffer.isBuffer(chunk) && !(chunk instanceof Uint8Array)) return;
    const bytes = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
    const take = Math.min(this.maxBytes - this.kept, bytes.length);
    if (take > 0) {
      // A copy: the caller may reuse its buffer once written.
      this.chunks.push(Buffer.from(bytes.subarray(0, take)));
      this.kept += take;
    }
    this.dropped += bytes.length - Math.max(take, 0);
  }

  text(): string {
    const text = Buffer.concat(this.chunks).toString('utf8');
    return this.dropped ? `${text}\n[… ${this.dropped} more bytes not kept]` : text;
  }
}

/**
 * Copies what is written to the client into `capture`. Only when `logging.bodies` asks for it:
 * the response is written in many places (JSON, passed-through SSE, translated SSE, errors),
 * and this is the one point all of them go through.
 */
export function captureResponse(res: ServerResponse, capture: BodyCapture): void {
  const write = res.write.bind(res) as (...args: unknown[]) => boolean;
  const end = res.end.bind(res) as (...args: unknown[]) => ServerResponse;
  res.write = ((chunk: unknown, ...rest: unknown[]) => {
    capture.add(chunk);
    return write(chunk, ...rest);
  }) as ServerResponse['write'];
  res.end = ((chunk?: unknown, ...rest: unknown[]) => {
    if (typeof chunk !== 'function') capture.add(chunk);
    return end(chunk, ...rest);
  }) as ServerResponse['end'];
}
