// A vector's sketch: the signs of 2,048 random projections of it (sign random projections,
// Charikar's SimHash). The share of bits two sketches differ in estimates the angle between the
// vectors, for any vectors, dense or sparse: that makes a cheap first pass whose candidates an
// exact comparison then ranks. The projections are randomized Hadamard transforms (random
// signs, then the fast Walsh-Hadamard transform), O(n log n) instead of a 768 x 2,048 matrix.

export const sketchBits = 2_048;
export const sketchWords = sketchBits / 32;
/** Sketches are kept in the database: a change to the projections must change this, so they are made again. */
export const sketchVersion = `srht-${sketchBits}-1`;
const seed = 0x9e3779b9;

/** Makes sketches of vectors of one length; the same projections on every run. */
export class SketchCoder {
  private readonly size: number;
  private readonly signs: Float32Array[];
  private readonly work: Float32Array;

  constructor(readonly dims: number) {
    this.size = 2 ** Math.ceil(Math.log2(Math.max(dims, 2)));
    const rounds = Math.ceil(sketchBits / this.size);
    let state = seed;
    const random = () => {
      // xorshift32: fixed random signs, never Math.random.
      state ^= state << 13;
      state ^= state >>> 17;
      state ^= state << 5;
      return state >>> 0;
    };
    this.signs = Array.from({ length: rounds }, () => Float32Array.from({ length: this.size }, () => (random() & 1 ? 1 : -1)));
    this.work = new Float32Array(this.size);
  }

  /** Writes the sketch of `vector` into `out` at word `at` (sketchWords words). */
  encode(vector: Float32Array, out: Int32Array, at = 0): void {
    out.fill(0, at, at + sketchWords);
    const { size, work } = this;
    let bit = 0;
    for (const signs of this.signs) {
      work.fill(0);
      for (let i = 0; i < this.dims; i++) work[i] = vector[i]! * signs[i]!;
      for (let half = 1; half < size; half <<= 1) {
        for (let start = 0; start < size; start += half << 1) {
          for (let i = start; i < start + half; i++) {
            const a = work[i]!;
            const b = work[i + half]!;
            work[i] = a + b;
            work[i + half] = a - b;
          }
        }
      }
      for (let i = 0; i < size && bit < sketchBits; i++, bit++) if (work[i]! > 0) out[at + (bit >>> 5)]! |= 1 << (bit & 31);
    }
  }
}

/** Bits differing between the first `words` words of `query` and the sketch at word `at` of `codes`. */
export function hammingDistance(codes: Int32Array, at: number, query: Int32Array, words = sketchWords): number {
  let bits = 0;
  for (let word = 0; word < words; word++) {
    // Population count of 32 bits (the classic SWAR steps).
    let x = codes[at + word]! ^ query[word]!;
    x -= (x >>> 1) & 0x55555555;
    x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
    bits += Math.imul((x + (x >>> 4)) & 0x0f0f0f0f, 0x01010101) >>> 24;
  }
  return bits;
}

/** `hammingDistance` over the first `words` words of each of the first `count` sketches of `codes`, `stride` words apart, into `out`. */
export function hammingDistances(codes: Int32Array, count: number, query: Int32Array, out: Uint16Array, words = sketchWords, stride = sketchWords): void {
  for (let row = 0, at = 0; row < count; row++, at += stride) out[row] = hammingDistance(codes, at, query, words);
}
