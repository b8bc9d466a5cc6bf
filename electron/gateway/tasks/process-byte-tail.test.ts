import { describe, expect, it } from 'vitest';
import { ByteTail } from './process-byte-tail.js';

describe('ByteTail', () => {
  it('keeps the last N bytes across chunks without cutting a character', () => {
    const tail = new ByteTail(6);
    for (const part of ['hello ', 'wor', 'ld✓']) tail.push(Buffer.from(part));
    // last 6 bytes are "rld✓" (3 + 3); a cut inside ✓ would drop its leading bytes
    expect(tail.text()).toBe('rld✓');
    const cut = new ByteTail(2);
    cut.push(Buffer.from('a✓'));
    expect(cut.text()).toBe('');
  });

  it('handles a chunk larger than the limit and many small chunks', () => {
    const tail = new ByteTail(4);
    tail.push(Buffer.from('0123456789'));
    expect(tail.text()).toBe('6789');
    for (let i = 0; i < 1000; i++) tail.push(Buffer.from(String(i % 10)));
    expect(tail.text()).toBe('6789');
  });
});
