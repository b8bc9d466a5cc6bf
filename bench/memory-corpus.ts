// The memory bench's corpus: deterministic text in chunks of about 400 to 700 characters,
// spread over spaces, with a tenth of the chunks near-duplicates of an earlier one (a few words
// changed), so that near-duplicate text lands near in the scripted embeddings.

/** mulberry32: a small seeded generator, the same sequence on every run. */
export function seeded(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

const topical = `auth token session login password hash cache queue retry backoff deadlock index query migration
  schema upload download export import invoice payment refund customer order report dashboard chart metric log trace
  latency timeout error exception crash leak memory thread lock mutex socket websocket stream buffer parser config
  deploy rollback release build test flaky coverage review comment refactor rename module service endpoint route
  handler middleware permission role tenant region backup restore storage bucket file folder image thumbnail email
  notification webhook schedule cron worker job batch pipeline model prompt embedding vector search ranking filter`.split(/\s+/);
const syllables = ['ka', 'lo', 'mi', 'ne', 'ru', 'sa', 'ti', 'vo', 'ze', 'pa', 'qu', 'ix', 'or', 'en', 'ul', 'ba', 'de', 'fi', 'go', 'hu'];
const glue = 'the a of to and in for on with that is was it this we should when then but not'.split(' ');

/** About 3,000 words: the topical ones and made-up ones of two to four syllables. */
function vocabulary(random: () => number): string[] {
  const words = new Set(topical);
  while (words.size < 3_000) {
    const length = 2 + Math.floor(random() * 3);
    let word = '';
    for (let i = 0; i < length; i++) word += syllables[Math.floor(random() * syllables.length)];
    words.add(word);
  }
  return [...words];
}

export interface CorpusChunk {
  spaceId: string;
  text: string;
}

/** `count` chunks over `spaces` spaces; the same chunks, in the same order, on every run. */
export function* corpus(count: number, spaces = 20, seed = 42): Generator<CorpusChunk> {
  const random = seeded(seed);
  const words = vocabulary(random);
  // Zipf-like: a few words are common, most are rare, as in real text.
  const pick = () => words[Math.floor(words.length * random() ** 2.5)]!;
  const recent: string[] = [];
  for (let i = 0; i < count; i++) {
    let text: string;
    if (recent.length > 50 && random() < 0.1) {
      const parts = recent[Math.floor(random() * recent.length)]!.split(' ');
      for (let n = 0; n < 3; n++) parts[Math.floor(random() * parts.length)] = pick();
      text = parts.join(' ');
    } else {
      const length = 70 + Math.floor(random() * 40);
      const parts: string[] = [];
      for (let n = 0; n < length; n++) parts.push(random() < 0.35 ? glue[Math.floor(random() * glue.length)]! : pick());
      text = parts.join(' ');
    }
    recent.push(text);
    if (recent.length > 500) recent.shift();
    yield { spaceId: `space_bench_${i % spaces}`, text };
  }
}

/** Queries: four to six words of a chunk of the corpus, one of them misspelt half of the time. */
export function queries(chunks: readonly string[], count: number, seed = 7): string[] {
  const random = seeded(seed);
  return Array.from({ length: count }, () => {
    const words = chunks[Math.floor(random() * chunks.length)]!.split(' ').filter((word) => !glue.includes(word));
    const start = Math.floor(random() * Math.max(1, words.length - 6));
    const picked = words.slice(start, start + 4 + Math.floor(random() * 3));
    if (random() < 0.5 && picked.length) {
      const at = Math.floor(random() * picked.length);
      const word = picked[at]!;
      if (word.length > 4) picked[at] = word.slice(0, 2) + word.slice(3);
    }
    return picked.join(' ');
  });
}
