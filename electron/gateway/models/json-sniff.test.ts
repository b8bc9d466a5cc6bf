import { describe, expect, it } from 'vitest';
import { topLevelObject } from './json-sniff.js';

const sniff = (text: string) => topLevelObject(Buffer.from(text), 'usage');
const usage = { prompt_tokens: 3, completion_tokens: 5, details: { cached: [1, { x: '}' }] } };

describe('topLevelObject', () => {
  it('reads the top-level object wherever it sits among the members', () => {
    expect(sniff(JSON.stringify({ id: 'a', choices: [{ text: 'hi' }], usage }))).toEqual(usage);
    expect(sniff(JSON.stringify({ usage, id: 'a', tail: { deep: ['}', ']'] } }, null, 2))).toEqual(usage);
    expect(sniff(` ${JSON.stringify({ usage })}\n`)).toEqual(usage);
  });

  it('skips a nested key, a string value and a quoted look-alike, finding the top-level one before them', () => {
    const body = { usage, content: [{ type: 'tool_use', input: { usage: { bogus: 1 } } }], kind: 'usage', note: 'a "usage": {"bogus": 2} b' };
    expect(sniff(JSON.stringify(body))).toEqual(usage);
  });

  it('cannot tell (undefined) when the object is only nested, absent, not an object, or the body is not one object', () => {
    expect(sniff(JSON.stringify({ data: { usage } }))).toBeUndefined();
    expect(sniff(JSON.stringify({ id: 'a' }))).toBeUndefined();
    expect(sniff(JSON.stringify({ usage: null }))).toBeUndefined();
    expect(sniff(JSON.stringify([{ usage }]))).toBeUndefined();
    expect(sniff('<html>{"usage":{"a":1}}</html>')).toBeUndefined();
  });

  it('cannot tell when the body is cut short or has bytes after its end', () => {
    const whole = JSON.stringify({ id: 'a', usage, model: 'm' });
    expect(sniff(whole.slice(0, -1))).toBeUndefined();
    expect(sniff(whole.slice(0, whole.indexOf('"usage"') + 20))).toBeUndefined();
    expect(sniff(`${whole}}`)).toBeUndefined();
    expect(sniff(`${whole} x`)).toBeUndefined();
  });
});
