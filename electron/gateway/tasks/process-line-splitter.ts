export const DEFAULT_MAX_LINE_BYTES = 1024 * 1024;

/**
 * Cuts a byte stream into lines. Works on bytes, not strings: `\n` never occurs inside a
 * multi-byte UTF-8 sequence, so splitting before decoding is safe, and the pending part of
 * a line is a list of chunks joined once per line (linear, whatever the chunking). A line
 * longer than `maxLineBytes` is emitted in pieces so one runaway line cannot grow without
 * bound; pieces are cut on a UTF-8 character boundary.
 */
export class LineSplitter {
  private pending: Buffer[] = [];
  private pendingBytes = 0;
  /** The current line already had a piece emitted, so an empty remainder is not a line. */
  private continued = false;

  constructor(
    private readonly onLine: (line: string) => void,
    private readonly maxLineBytes = DEFAULT_MAX_LINE_BYTES,
  ) {
    if (!(maxLineBytes >= 4)) throw new RangeError('maxLineBytes must be at least 4');
  }

  push(chunk: Buffer): void {
    let start = 0;
    for (;;) {
      const newline = chunk.indexOf(0x0a, start);
      const end = newline === -1 ? chunk.length : newline;
      if (end > start) this.append(chunk.subarray(start, end));
      if (newline === -1) return;
      this.emitLine();
      start = newline + 1;
    }
  }

  /** The stream ended: an unterminated last line is still a line. */
  end(): void {
    if (this.pendingBytes > 0) this.emitLine();
    this.continued = false;
  }

  private append(part: Buffer): void {
    this.pending.push(part);
    this.pendingBytes += part.length;
    while (this.pendingBytes > this.maxLineBytes) this.emitPiece();
  }

  private emitPiece(): void {
    const joined = Buffer.concat(this.pending, this.pendingBytes);
    const cut = utf8Boundary(joined, this.maxLineBytes);
    const rest = joined.subarray(cut);
    this.pending = [rest];
    this.pendingBytes = rest.length;
    this.continued = true;
    this.onLine(joined.toString('utf8', 0, cut));
  }

  private emitLine(): void {
    let bytes = this.pending.length === 1 ? this.pending[0]! : Buffer.concat(this.pending, this.pendingBytes);
    this.pending = [];
    this.pendingBytes = 0;
    if (bytes.length > 0 && bytes[bytes.length - 1] === 0x0d) bytes = bytes.subarray(0, -1);
    const skip = this.continued && bytes.length === 0;
    this.continued = false;
    if (!skip) this.onLine(bytes.toString('utf8'));
  }
}

/** The largest cut <= limit that does not split a UTF-8 sequence (falls back to limit). */
function utf8Boundary(bytes: Buffer, limit: number): number {
  for (let cut = limit; cut > limit - 4 && cut > 0; cut--) {
    if ((bytes[cut]! & 0xc0) !== 0x80) return cut;
  }
  return limit;
}
