import { hammingWasm } from './hamming-wasm.js';
import { hammingDistance, hammingDistances, sketchWords } from './vector-sketch.js';

/** The first pass reads the first half of each sketch: 1,024 bits, 32 words, 128 bytes. */
export const firstWords = sketchWords / 2;
const halfBytes = firstWords * 4;
/** The query's sketch sits at the start of the buffer. */
const queryBytes = sketchWords * 4;

type Distances = (codes: number, count: number, stride: number, query: number, words: number, out: number) => void;

/** What this file uses of WebAssembly (node's types declare only its namespace). */
interface Wasm {
  Memory: new (size: { initial: number }) => { buffer: ArrayBuffer };
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: object) => { exports: Record<string, unknown> };
}
/** Missing in a `--jitless` process. */
const wasm = (globalThis as unknown as { WebAssembly?: Wasm }).WebAssembly;

/**
 * The sketches of every embedded chunk in memory, for the vector search over every space. Each
 * sketch's first half sits in one plane, its second half in another, so the first pass reads
 * one contiguous run of memory (100,000 sketches: 12.8 MB), which WebAssembly's popcount
 * (hamming.wat) counts about five times as fast as JS; where WebAssembly is missing (a
 * `--jitless` process) the same pass runs in JS. Layout of the buffer: the query's sketch, the
 * first pass's distances (u16 a row), the first plane, the second plane.
 */
export class SketchRows {
  size = 0;
  ids: Float64Array;
  private query!: Int32Array;
  private distances!: Uint16Array;
  private first!: Int32Array;
  private rest!: Int32Array;
  private firstAt = 0;
  private wasm: Distances | undefined;

  /** `useWasm` false runs the JS pass (tests compare the two). */
  constructor(
    capacity = 1_024,
    private readonly useWasm = wasm !== undefined,
  ) {
    this.ids = new Float64Array(capacity);
    this.allocate(capacity);
  }

  get capacity(): number {
    return this.ids.length;
  }

  /** Adds a sketch (sketchWords words, as bytes: a blob from SQLite need not sit on a 4-byte boundary). */
  append(id: number, code: Uint8Array): void {
    if (this.size === this.capacity) this.grow();
    this.ids[this.size] = id;
    new Uint8Array(this.first.buffer, this.first.byteOffset + this.size * halfBytes, halfBytes).set(code.subarray(0, halfBytes));
    new Uint8Array(this.rest.buffer, this.rest.byteOffset + this.size * halfBytes, halfBytes).set(code.subarray(halfBytes, 2 * halfBytes));
    this.size++;
  }

  /** Removes the rows of these ids (swap-remove: the order of sketches does not matter). */
  remove(gone: Set<number>): void {
    for (let row = 0; row < this.size; ) {
      if (!gone.has(this.ids[row]!)) {
        row++;
        continue;
      }
      this.size--;
      this.ids[row] = this.ids[this.size]!;
      for (const plane of [this.first, this.rest]) plane.copyWithin(row * firstWords, this.size * firstWords, (this.size + 1) * firstWords);
    }
  }

  /** The differing bits of the first half of every row's sketch and the query's, a u16 per row (valid until the next call). */
  firstDistances(code: Int32Array): Uint16Array {
    const out = this.distances.subarray(0, this.size);
    if (this.wasm) {
      this.query.set(code);
      this.wasm(this.firstAt, this.size, halfBytes, 0, firstWords / 2, this.distances.byteOffset);
    } else {
      hammingDistances(this.first, this.size, code, out, firstWords, firstWords);
    }
    return out;
  }

  /** The differing bits of the second half of a row's sketch and the query's. */
  restDistance(row: number, code: Int32Array): number {
    return hammingDistance(this.rest, row * firstWords, code.subarray(firstWords), firstWords);
  }

  private grow(): void {
    const { ids, first, rest, size } = this;
    this.ids = new Float64Array(this.capacity * 2);
    this.ids.set(ids);
    this.allocate(this.ids.length);
    this.first.set(first.subarray(0, size * firstWords));
    this.rest.set(rest.subarray(0, size * firstWords));
  }

  private allocate(capacity: number): void {
    const distancesBytes = Math.ceil((capacity * 2) / 8) * 8;
    this.firstAt = queryBytes + distancesBytes;
    const bytes = this.firstAt + 2 * capacity * halfBytes;
    let buffer: ArrayBuffer;
    this.wasm = undefined;
    if (wasm && this.useWasm) {
      const memory = new wasm.Memory({ initial: Math.ceil(bytes / 65_536) });
      this.wasm = new wasm.Instance(wasmModule(wasm), { env: { memory } }).exports.distances as Distances;
      buffer = memory.buffer;
    } else {
      buffer = new ArrayBuffer(bytes);
    }
    this.query = new Int32Array(buffer, 0, sketchWords);
    this.distances = new Uint16Array(buffer, queryBytes, capacity);
    this.first = new Int32Array(buffer, this.firstAt, capacity * firstWords);
    this.rest = new Int32Array(buffer, this.firstAt + capacity * halfBytes, capacity * firstWords);
  }
}

let compiled: object | undefined;
const wasmModule = (api: Wasm) => (compiled ??= new api.Module(hammingWasm));
