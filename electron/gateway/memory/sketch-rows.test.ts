import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
// @ts-expect-error: a plain .mjs script, no types
import { assemble, moduleText } from '../../../scripts/build-wasm.mjs';
import { firstWords, SketchRows } from './sketch-rows.js';
import { hammingDistance, sketchWords } from './vector-sketch.js';

let state = 99;
const random32 = () => {
  state = (Math.imul(state, 1664525) + 1013904223) | 0;
  return state;
};
const randomSketch = () => Int32Array.from({ length: sketchWords }, random32);
const bytes = (code: Int32Array) => new Uint8Array(code.buffer);

describe('sketch rows', () => {
  it('hamming-wasm.ts is what scripts/build-wasm.mjs assembles from hamming.wat', async () => {
    const committed = readFileSync(new URL('./hamming-wasm.ts', import.meta.url), 'utf8');
    expect(committed).toBe(moduleText(await assemble()));
  });

  it('count the same differing bits in WebAssembly and in JS, through growth and removals', () => {
    const sketches = Array.from({ length: 3_000 }, randomSketch);
    const query = randomSketch();
    const tables = [new SketchRows(256, true), new SketchRows(256, false)];
    for (const table of tables) sketches.forEach((code, i) => table.append(i + 1, bytes(code)));
    // Grown from 256 rows past 3,000; then every third id removed (rows swap in from the end).
    const gone = new Set(sketches.map((_, i) => i + 1).filter((id) => id % 3 === 0));
    for (const table of tables) table.remove(gone);
    const [wasm, js] = tables as [SketchRows, SketchRows];
    expect(wasm.size).toBe(2_000);
    expect([...wasm.ids.subarray(0, wasm.size)]).toEqual([...js.ids.subarray(0, js.size)]);
    const fromWasm = [...wasm.firstDistances(query)];
    expect(fromWasm).toEqual([...js.firstDistances(query)]);
    // Each row's halves are its own sketch's, as counted word by word.
    for (let row = 0; row < wasm.size; row += 97) {
      const code = sketches[wasm.ids[row]! - 1]!;
      expect(fromWasm[row]).toBe(hammingDistance(code, 0, query, firstWords));
      expect(wasm.restDistance(row, query)).toBe(hammingDistance(code.subarray(firstWords), 0, query.subarray(firstWords), firstWords));
    }
  });
});
