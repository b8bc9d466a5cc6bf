import type { IncomingMessage, ServerResponse } from 'node:http';

/** Bytes this gateway carried for each agent (its model calls and hub messages) since it started. */
export class NetworkMeter {
  private readonly bytes = new Map<string, number>();

  add(agentId: string, count: number): void {
    if (count > 0) this.bytes.set(agentId, (this.bytes.get(agentId) ?? 0) + count);
  }

  total(agentId: string): number {
    return this.bytes.get(agentId) ?? 0;
  }

  /**
   * Counts one model call of an agent: its request body and every byte written back on its
   * socket while the call lasted (HTTP/1.1 answers one request at a time per connection).
   */
  meterCall(req: IncomingMessage & { body?: unknown }, res: ServerResponse, agentId: string): void {
    const socket = req.socket;
    const before = socket.bytesWritten;
    this.add(agentId, Buffer.isBuffer(req.body) ? req.body.length : 0);
    res.once('close', () => this.add(agentId, socket.bytesWritten - before));
  }
}
