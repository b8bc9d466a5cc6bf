import { describe, expect, it } from 'vitest';
import { Redactor } from './redactor.js';

describe('Redactor', () => {
  it('masks every occurrence of every secret, and leaves other text alone', () => {
    const r = new Redactor();
    r.add('sk-live-123456');
    r.add('tok.en+with(regex)chars');
    expect(r.redact('key sk-live-123456 then tok.en+with(regex)chars and sk-live-123456')).toBe('key *** then *** and ***');
    expect(r.redact('nothing secret here')).toBe('nothing secret here');
  });

  it('masks a longer secret whole when it contains a shorter one', () => {
    const r = new Redactor();
    r.add('abcd1234');
    r.add('abcd1234-extended');
    expect(r.redact('x abcd1234-extended y')).toBe('x *** y');
  });

  it('ignores secrets below the minimum length and empty values', () => {
    const r = new Redactor();
    r.add('abc');
    r.add('');
    r.add(undefined);
    r.add('short7', 8);
    expect(r.redact('abc short7')).toBe('abc short7');
  });

  it('masks a secret as it appears inside JSON text too', () => {
    const r = new Redactor();
    r.add('pa"ss\\word');
    expect(r.redact(JSON.stringify({ line: 'pw=pa"ss\\word' }))).toBe('{"line":"pw=***"}');
  });

  it('picks up secrets added after the first use', () => {
    const r = new Redactor();
    expect(r.redact('later-secret')).toBe('later-secret');
    r.add('later-secret');
    expect(r.redact('later-secret')).toBe('***');
  });

  it('scans a megabyte of text against a hundred secrets in a few milliseconds', () => {
    const r = new Redactor();
    for (let i = 0; i < 100; i++) r.add(`sk-${i.toString().padStart(4, '0')}-abcdefghijkl`);
    const text = 'lorem ipsum dolor sit amet '.repeat(40_000);
    r.redact(text);
    const started = performance.now();
    for (let i = 0; i < 5; i++) r.redact(text);
    expect((performance.now() - started) / 5).toBeLessThan(50);
  });
});
