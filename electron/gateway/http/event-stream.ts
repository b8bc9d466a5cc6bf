import type { Response } from 'express';
import { sseHeaders } from '../models/sse.js';
import { destroyAfterGrace, slowConsumerCode, slowConsumerReason } from './slow-consumer.js';

export interface EventStream {
  /** Writes one SSE frame; false once the client is gone or was dropped. */
  write(frame: string): boolean;
  /**
   * Writes a burst the client asked for (a replay): its bytes raise the limit, so a client
   * that reads is not dropped for the size of its own replay.
   */
  writeRequested(frame: string): boolean;
}

export interface EventStreamOptions {
  /** Unsent bytes past which the client is dropped (limits.eventClientBufferBytes). */
  limitBytes: number;
  heartbeatMs: number;
  heartbeat(): string;
  /** The client left or was dropped: unsubscribe it. Called once. */
  onClose(): void;
  /** The stream's events are unnamed `{type, …}` data (agentmesh 1.x): so is the final `dropped` one. */
  unnamed?: boolean;
}

/** An SSE response to one event consumer, with a heartbeat and the slow-consumer limit. */
export function openEventStream(res: Response, options: EventStreamOptions): EventStream {
  res.writeHead(200, sseHeaders);
  let open = true;
  let allowance = 0;
  const heartbeat = setInterval(() => write(options.heartbeat()), options.heartbeatMs);
  const close = () => {
    if (!open) return;
    open = false;
    clearInterval(heartbeat);
    options.onClose();
  };
  res.on('close', close);
  const drop = () => {
    close();
    const notice = { code: slowConsumerCode, message: slowConsumerReason(options.limitBytes), limit_bytes: options.limitBytes };
    res.end(options.unnamed ? `data: ${JSON.stringify({ type: 'dropped', ...notice, timestamp: Date.now() })}\n\n` : `event: dropped\ndata: ${JSON.stringify(notice)}\n\n`);
    const grace = destroyAfterGrace(() => res.destroy());
    res.once('close', () => grace.cancel());
  };
  const write = (frame: string) => {
    if (!open) return false;
    res.write(frame);
    if (res.writableLength > options.limitBytes + allowance) {
      drop();
      return false;
    }
    return true;
  };
  return {
    write,
    writeRequested(frame) {
      allowance += Buffer.byteLength(frame);
      return write(frame);
    },
  };
}
