export const DEFAULT_TAIL_BYTES = 8 * 1024;

/** Keeps only the last `limit` bytes of a stream (for a bounded stderr excerpt). */
export class ByteTail {
  private chunks: Buffer[] = [];
  private bytes = 0;

  constructor(private readonly limit = DEFAULT_TAIL_BYTES) {}

  push(chunk: Buffer): void {
    if (this.limit <= 0) return;
    if (chunk.length >= this.limit) {
      // Copy: a subarray would pin the whole (possibly large) chunk.
      this.chunks = [Buffer.from(chunk.subarray(chunk.length - this.limit))];
      this.bytes = this.limit;
      return;
    }
    this.chunks.push(chunk);
    this.bytes += chunk.length;
    while (this.bytes - this.chunks[0]!.length >= this.limit) this.bytes -= this.chunks.shift()!.length;
    // Many tiny writes (progress output) would make the list long; fold it now and then.
    if (this.chunks.length > 64) {
      const kept = Buffer.concat(this.chunks, this.bytes);
      this.chunks = [Buffer.from(kept.subarray(Math.max(0, kept.length - this.limit)))];
      this.bytes = this.chunks[0]!.length;
    }
  }

  /** The kept bytes as text, without a character cut in half at the start. */
  text(): string {
    let tail = Buffer.concat(this.chunks, this.bytes);
    if (tail.length > this.limit) tail = tail.subarray(tail.length - this.limit);
    let start = 0;
    while (start < tail.length && start < 3 && (tail[start]! & 0xc0) === 0x80) start++;
    return tail.toString('utf8', start);
  }
}
