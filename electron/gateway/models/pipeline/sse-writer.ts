import { once } from 'node:events';
import type { ServerResponse } from 'node:http';
import { sseHeaders } from '../sse.js';
import type { CallAbort } from './call-abort.js';

/** Writes SSE frames to a client, waiting for the socket to drain instead of buffering. */
export class SseWriter {
  committed = false;

  constructor(
    private readonly res: ServerResponse,
    private readonly abort: CallAbort,
  ) {}

  commit(): void {
    if (this.committed) return;
    this.committed = true;
    this.res.writeHead(200, sseHeaders);
  }

  async write(frame: string): Promise<void> {
    if (this.abort.aborted) return;
    if (!this.res.write(frame)) {
      try {
        await once(this.res, 'drain', { signal: this.abort.signal });
      } catch {
        // aborted: the client went away while we waited
      }
    }
  }

  end(): void {
    if (!this.res.writableEnded) this.res.end();
  }
}
