// npm run bench:memory [-- --quick]
// Space memory at 10,000 and 100,000 chunks: index build rate (FTS5, and sqlite-vec vectors of
// 768 dimensions from the scripted upstream's embedding), DB size, search latency per mode,
// recall@10 of the vector search against exact brute force, recall@5 on the labelled set, and
// what memory adds to a task submit. Reports, never fails.
import { mkdtempSync, rmSync } from 'node:fs';
import { availableParallelism, cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { memorySchema, type SearchMode } from '../shared/schemas/memory.js';
import { FullText } from '../electron/gateway/memory/full-text.js';
import { MemorySearch } from '../electron/gateway/memory/memory-search.js';
import { MemoryStore } from '../electron/gateway/memory/memory-store.js';
import { defaultExactLimit, loadSqliteVec, VectorIndex } from '../electron/gateway/memory/vector-index.js';
import { labelledDocs, labelledQueries, recallAt } from '../electron/gateway/memory/quality/labelled-set.js';
import { ftsQuery, queryTerms } from '../electron/gateway/memory/query-terms.js';
import { openDatabase, type Db } from '../electron/gateway/store/database.js';
import { startHarness } from '../electron/gateway/testing/gateway-harness.js';
import { apiOf, scriptAgent, taskMessage, until } from '../electron/gateway/testing/task-helpers.js';
import { scriptedEmbedding } from '../electron/gateway/testing/upstream-embeddings.js';
import { corpus, queries } from './memory-corpus.js';
import { summarize } from './stats.js';

const quick = process.argv.includes('--quick');
const SIZES = quick ? [2_000, 10_000] : [10_000, 100_000];
const BATCH = 1_000;
const QUERIES = quick ? 50 : 200;
const RECALL_QUERIES = quick ? 30 : 100;
const SUBMITS = quick ? 50 : 200;

const ms = (value: number) => (Number.isNaN(value) ? 'n/a' : value < 10 ? value.toFixed(2) : value.toFixed(1));
const lines: string[] = [];
const say = (line = '') => {
  lines.push(line);
  process.stdout.write(`${line}\n`);
};

function dbBytes(db: Db): { total: number; vectors: number } {
  db.pragma('wal_checkpoint(TRUNCATE)');
  const total = (db.pragma('page_count', { simple: true }) as number) * (db.pragma('page_size', { simple: true }) as number);
  const vectors = (db.prepare("SELECT COALESCE(SUM(pgsize), 0) AS n FROM dbstat WHERE name LIKE 'memory_vector%'").get() as { n: number }).n;
  return { total, vectors };
}

async function indexAndSearch(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'agentmesh-bench-memory-'));
  const db = openDatabase(dir);
  const unavailable = loadSqliteVec(db);
  if (unavailable) throw new Error(`sqlite-vec did not load: ${unavailable}`);
  const store = new MemoryStore(db);
  const vectors = new VectorIndex(db, store);
  // The same connection settings as the gateway's (memory/space-memory.ts).
  db.pragma('mmap_size = 1073741824');
  db.pragma('cache_size = -32768');
  const config = memorySchema.parse({ embeddingModel: 'scripted' });
  const searcher = new MemorySearch(db, store, vectors, () => config, async (text) => scriptedEmbedding(text));
  const fullText = new FullText(db);
  const texts: string[] = [];
  // Every vector, kept for a brute force in JS to check sqlite-vec's search against.
  const kept: Float32Array[] = [];
  const source = corpus(SIZES.at(-1)!);
  const time = { fts: 0, embed: 0, vectors: 0 };
  const createdAt = Date.now();

  say('| chunks | FTS build (s) | FTS rate (chunks/s) | embed (s, scripted, in process) | vector insert (s) | vector rate (chunks/s) | DB size (MB) | per 10k chunks (MB) | of which vectors (MB) |');
  say('|---:|---:|---:|---:|---:|---:|---:|---:|---:|');
  const stages: { size: number; latency: Record<string, { p50: number; p95: number }>; recall: number; plans: Map<string, number>; sameTopTen: number }[] = [];
  for (const size of SIZES) {
    const before = { ...time };
    const from = texts.length;
    while (texts.length < size) {
      const batch: { spaceId: string; text: string }[] = [];
      for (let i = 0; i < BATCH && texts.length + batch.length < size; i++) batch.push(source.next().value!);
      const first = texts.length + 1;
      let started = performance.now();
      store.transaction(() => {
        batch.forEach((chunk, i) => {
          const sourceRow = { spaceId: chunk.spaceId, type: 'message' as const, sourceId: first + i, taskId: null, author: 'bench', artifact: null, createdAt };
          store.add(sourceRow, [{ text: chunk.text, start: 0, end: chunk.text.length }]);
        });
      });
      time.fts += performance.now() - started;
      started = performance.now();
      const made = batch.map((chunk) => scriptedEmbedding(chunk.text));
      time.embed += performance.now() - started;
      started = performance.now();
      const ids = batch.map((_, i) => first + i);
      store.transaction(() => {
        vectors.add(batch.map((chunk, i) => ({ id: ids[i]!, spaceId: chunk.spaceId, vector: made[i]! })));
        store.mark(ids, 1);
      });
      time.vectors += performance.now() - started;
      for (const [i, chunk] of batch.entries()) {
        texts.push(chunk.text);
        kept.push(made[i]!);
      }
    }
    const added = texts.length - from;
    const fts = (time.fts - before.fts) / 1000;
    const embed = (time.embed - before.embed) / 1000;
    const vec = (time.vectors - before.vectors) / 1000;
    const bytes = dbBytes(db);
    const mb = (value: number) => (value / 1_048_576).toFixed(1);
    say(`| ${size.toLocaleString('en')} (+${added.toLocaleString('en')}) | ${fts.toFixed(1)} | ${Math.round(added / fts).toLocaleString('en')} | ${embed.toFixed(1)} | ${vec.toFixed(1)} | ${Math.round(added / vec).toLocaleString('en')} | ${mb(bytes.total)} | ${mb((bytes.total / size) * 10_000)} | ${mb(bytes.vectors)} |`);

    const asked = queries(texts, QUERIES);
    const latency: Record<string, { p50: number; p95: number }> = {};
    // How the full-text pass ran each search over every space (full-text.ts), and whether its
    // first ten are the whole query's (every term in one bm25 ranking).
    const plans = new Map<string, number>();
    let sameTopTen = 0;
    for (const scope of ['all spaces', 'one space'] as const) {
      for (const mode of ['text', 'vector', 'hybrid'] as SearchMode[]) {
        const samples: number[] = [];
        for (const [i, q] of asked.entries()) {
          const started = performance.now();
          const result = await searcher.search({ q, mode, limit: 10, spaces: scope === 'one space' ? [`space_bench_${i % 20}`] : null });
          if (i >= 10) samples.push(performance.now() - started);
          if (mode === 'text' && scope === 'all spaces') {
            const got = result.results.map((hit) => ({ id: hit.chunk_id, score: hit.text_score! }));
            if (sameRanking(got, wholeQuery(db, queryTerms(q), 10))) sameTopTen++;
          }
        }
        const summary = summarize(samples);
        latency[`${mode} (${scope})`] = { p50: summary.p50, p95: percentile(samples, 95) };
      }
    }
    // Hybrid over every space with no word's count kept from an earlier search (full-text.ts
    // keeps them): a fresh searcher for each query, as for a gateway just started.
    const cold: number[] = [];
    for (const [i, q] of asked.entries()) {
      const fresh = new MemorySearch(db, store, vectors, () => config, async (text) => scriptedEmbedding(text));
      const started = performance.now();
      await fresh.search({ q, mode: 'hybrid', limit: 10, spaces: null });
      if (i >= 10) cold.push(performance.now() - started);
    }
    latency['hybrid (all spaces, no counts kept)'] = { p50: summarize(cold).p50, p95: percentile(cold, 95) };
    // The plan of each full-text search over every space, as MemorySearch asks it (30 deep for 10).
    for (const q of asked) {
      const { plan } = fullText.search(queryTerms(q), null, 30);
      plans.set(plan, (plans.get(plan) ?? 0) + 1);
    }
    // recall@10 of the vector search over every space, as MemorySearch asks it (30 deep for a
    // limit of 10; past defaultExactLimit vectors the sketches' candidates ranked exactly), against a brute
    // force in JS over every vector.
    let found = 0;
    for (const q of asked.slice(0, RECALL_QUERIES)) {
      const vector = scriptedEmbedding(q);
      const exact = new Set(brute(kept, vector, 10));
      found += vectors.search(vector, null, 30).slice(0, 10).filter((hit) => exact.has(hit.id)).length;
    }
    stages.push({ size, latency, recall: found / (RECALL_QUERIES * 10), plans, sameTopTen });
  }

  say();
  say('Search latency (ms, in process, limit 10; the query is embedded by the scripted function, no HTTP):');
  say();
  say(`| mode | ${stages.map((stage) => `${stage.size.toLocaleString('en')} p50 | ${stage.size.toLocaleString('en')} p95`).join(' | ')} |`);
  say(`|---|${stages.map(() => '---:|---:').join('|')}|`);
  for (const key of Object.keys(stages[0]!.latency)) say(`| ${key} | ${stages.map((stage) => `${ms(stage.latency[key]!.p50)} | ${ms(stage.latency[key]!.p95)}`).join(' | ')} |`);
  say();
  for (const stage of stages) {
    const how = stage.size > defaultExactLimit ? 'sketch candidates ranked exactly' : 'exact: every vector compared';
    say(`- recall@10 of the vector search over every space at ${stage.size.toLocaleString('en')} chunks (${how}) against a brute force in JS: ${stage.recall.toFixed(3)} (${RECALL_QUERIES} queries)`);
    const plans = [...stage.plans].map(([plan, n]) => `${plan} ${n}`).join(', ');
    say(`- full-text searches over every space at ${stage.size.toLocaleString('en')} chunks: ${plans}; first ten the same as the whole query's (up to ties): ${stage.sameTopTen} of ${QUERIES}`);
  }
  db.close();
  rmSync(dir, { recursive: true, force: true });
}

/** The first `limit` of bm25 over every term of the query in one MATCH (no shortcut). */
function wholeQuery(db: Db, terms: string[], limit: number): { id: number; score: number }[] {
  if (terms.length === 0) return [];
  return db
    .prepare<[string, number], { id: number; rank: number }>('SELECT rowid AS id, bm25(memory_fts, 1.0, 0.0) AS rank FROM memory_fts WHERE memory_fts MATCH ? ORDER BY rank LIMIT ?')
    .all(ftsQuery(terms, null), limit)
    .map((row) => ({ id: row.id, score: -row.rank }));
}

/**
 * The same ranking up to ties: the same score (to the four digits the API gives) at every
 * place, and the same chunks above the last place's score (chunks tied there, such as the
 * corpus's duplicates, may come in either order).
 */
function sameRanking(got: { id: number; score: number }[], want: { id: number; score: number }[]): boolean {
  const digits = (score: number) => score.toPrecision(4);
  if (got.length !== want.length || got.some((hit, at) => digits(hit.score) !== digits(want[at]!.score))) return false;
  const last = digits(want.at(-1)?.score ?? 0);
  const above = (hits: { id: number; score: number }[]) => hits.filter((hit) => digits(hit.score) !== last).map((hit) => hit.id).sort((a, b) => a - b).join();
  return above(got) === above(want);
}

function percentile(samples: number[], p: number): number {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? NaN;
}

/** The ids (1-based, as inserted) of the `k` vectors nearest `query` by cosine (all are unit length). */
function brute(all: Float32Array[], query: Float32Array, k: number): number[] {
  const best: { id: number; score: number }[] = [];
  all.forEach((vector, i) => {
    const score = dot(query, vector);
    if (best.length < k || score > best[best.length - 1]!.score) {
      best.push({ id: i + 1, score });
      best.sort((a, b) => b.score - a.score);
      if (best.length > k) best.pop();
    }
  });
  return best.map((hit) => hit.id);
}

function dot(a: Float32Array, b: Float32Array): number {
  let sum = 0;
  for (let i = 0; i < a.length; i++) sum += a[i]! * b[i]!;
  return sum;
}

/** The labelled set through a real gateway: recall@5 per mode (the test's figures, for the record). */
async function quality(): Promise<void> {
  const h = await startHarness({
    logLevel: 'error',
    config: (url) => ({
      providers: [{ id: 'emb', type: 'openai-chat', baseUrl: `${url}/v1`, apiKey: 'sk-bench', models: ['chat'], embeddingModels: ['embed'] }],
      memory: { embeddingModel: 'embed' },
    }),
  });
  try {
    const api = apiOf(h);
    const space = (await api('POST', '/spaces', { metadata: { name: 'quality' } })).body.space_id as string;
    for (const doc of labelledDocs) await api('POST', `/spaces/${space}/artifacts`, { name: `${doc.id}.md`, content: doc.text });
    await until(async () => (await api('GET', '/memory/status')).body.embedded === labelledDocs.length, 30_000, 'labelled corpus embedded');
    const row: string[] = [];
    for (const mode of ['text', 'vector', 'hybrid']) {
      const ranked: string[][] = [];
      for (const { q } of labelledQueries) {
        const { body } = await api('GET', `/spaces/${space}/search?q=${encodeURIComponent(q)}&mode=${mode}&limit=5`);
        ranked.push(body.results.map((hit: { source: { artifact: string } }) => hit.source.artifact.replace(/\.md$/, '')));
      }
      row.push(`${mode} ${recallAt(5, ranked).toFixed(3)} (@1 ${recallAt(1, ranked).toFixed(3)})`);
    }
    say();
    say(`Labelled set (${labelledQueries.length} queries over ${labelledDocs.length} documents): recall@5 ${row.join(', ')}`);
  } finally {
    await h.close();
  }
}

/**
 * POST /tasks into a space of 2,000 messages, memory on (an embedding model, 5 chunks of
 * context) and off. The tasks queue behind one slow task: what is timed is the submit, and the
 * indexing and embedding each submit sets off in the background.
 */
async function submitLatency(): Promise<void> {
  const pooled: Record<string, number[]> = { 'memory off': [], 'memory on': [] };
  // Off and on take turns, twice, so a neighbour's burst on the shared machine falls on both.
  for (const memoryOn of [false, true, false, true]) {
    const h = await startHarness({
      logLevel: 'error',
      config: (url) => ({
        providers: [{ id: 'emb', type: 'openai-chat', baseUrl: `${url}/v1`, apiKey: 'sk-bench', models: ['chat'], embeddingModels: ['embed'] }],
        agents: [scriptAgent('slow', 'slow-agent', { maxConcurrent: 1 }, ['{prompt}', '600'])],
        memory: memoryOn ? { embeddingModel: 'embed', contextChunks: 5 } : { contextChunks: 0 },
      }),
    });
    try {
      const api = apiOf(h);
      const space = (await api('POST', '/spaces', { metadata: { name: 'submit' } })).body.space_id as string;
      const texts = [...corpus(2_000, 1, 99)].map((chunk) => chunk.text);
      for (const text of texts) h.gateway.services.spaces.addMessage(space, { role: 'user', author: 'bench', taskId: null, content: text });
      h.gateway.services.memory.indexNow();
      if (memoryOn) await until(async () => (await api('GET', '/memory/status')).body.backlog === 0, 60_000, 'space embedded');
      const samples = pooled[memoryOn ? 'memory on' : 'memory off']!;
      const asked = queries(texts, SUBMITS / 2 + 10, 3);
      for (const [i, q] of asked.entries()) {
        const started = performance.now();
        const res = await api('POST', '/tasks', taskMessage(q, 'slow', {}, { context: { shared_space_id: space } }));
        if (res.status >= 300) throw new Error(`submit answered ${res.status}: ${JSON.stringify(res.body)}`);
        if (i >= 10) samples.push(performance.now() - started);
      }
    } finally {
      await h.close();
    }
  }
  const stat = (samples: number[]) => ({ p50: summarize(samples).p50, p95: percentile(samples, 95) });
  const on = stat(pooled['memory on']!);
  const off = stat(pooled['memory off']!);
  say();
  say(`Task submit (POST /tasks over HTTP, ${SUBMITS} submits each way in two alternating rounds, into a space of 2,000 messages, queued behind one running task):`);
  say();
  say('| | p50 (ms) | p95 (ms) |');
  say('|---|---:|---:|');
  say(`| memory off | ${ms(off.p50)} | ${ms(off.p95)} |`);
  say(`| memory on (embedding model, 5 chunks) | ${ms(on.p50)} | ${ms(on.p95)} |`);
  say(`| added | ${ms(on.p50 - off.p50)} | ${ms(on.p95 - off.p95)} |`);
}

say(`AgentMesh memory bench: ${availableParallelism()} CPUs (${cpus()[0]?.model.trim()}), node ${process.version}${quick ? ', --quick' : ''}`);
say();
await indexAndSearch();
await quality();
await submitLatency();
