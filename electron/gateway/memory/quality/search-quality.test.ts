import { afterAll, beforeAll, expect, it } from 'vitest';
import { startHarness, type Harness } from '../../testing/gateway-harness.js';
import { apiOf, until, type Api } from '../../testing/task-helpers.js';
import { labelledDocs, labelledQueries, recallAt } from './labelled-set.js';

// Search quality that must not regress: recall@5 of each mode over the labelled set, with the
// scripted upstream's embeddings (words, stems and letter trigrams; see testing/upstream-embeddings.ts).
// The floors are the values measured when the set was written (docs/benchmarks.md).
const floors = { text: 36 / 38, vector: 37 / 38, hybrid: 1 };

let h: Harness;
let api: Api;
let spaceId: string;

beforeAll(async () => {
  h = await startHarness({
    config: (url) => ({
      providers: [{ id: 'emb', type: 'openai-chat', baseUrl: `${url}/v1`, apiKey: 'sk-emb', models: ['chat'], embeddingModels: ['embed-small'] }],
      memory: { embeddingModel: 'embed-small', batchSize: 64 },
    }),
  });
  api = apiOf(h);
  spaceId = (await api('POST', '/spaces', { metadata: { name: 'quality' } })).body.space_id;
  for (const doc of labelledDocs) await api('POST', `/spaces/${spaceId}/artifacts`, { name: `${doc.id}.md`, content: doc.text });
  await until(async () => {
    const { body } = await api('GET', '/memory/status');
    return body.chunks === labelledDocs.length && body.embedded === labelledDocs.length;
  }, 20_000, 'the labelled corpus indexed and embedded');
});
afterAll(() => h.close());

async function ranked(mode: 'text' | 'vector' | 'hybrid'): Promise<string[][]> {
  const lists: string[][] = [];
  for (const { q } of labelledQueries) {
    const { body } = await api('GET', `/spaces/${spaceId}/search?q=${encodeURIComponent(q)}&mode=${mode}&limit=5`);
    lists.push(body.results.map((hit: { source: { artifact: string } }) => hit.source.artifact.replace(/\.md$/, '')));
  }
  return lists;
}

it('keeps recall@5 of text, vector and hybrid search at or above the recorded floors', async () => {
  expect(labelledQueries.length).toBeGreaterThanOrEqual(30);
  const lists = { text: await ranked('text'), vector: await ranked('vector'), hybrid: await ranked('hybrid') };
  const recall = { text: recallAt(5, lists.text), vector: recallAt(5, lists.vector), hybrid: recallAt(5, lists.hybrid) };
  const first = { text: recallAt(1, lists.text), vector: recallAt(1, lists.vector), hybrid: recallAt(1, lists.hybrid) };
  console.info(`over ${labelledQueries.length} queries: recall@5 ${JSON.stringify(recall)}, recall@1 ${JSON.stringify(first)}`);
  expect(recall.text).toBeGreaterThanOrEqual(floors.text);
  expect(recall.vector).toBeGreaterThanOrEqual(floors.vector);
  expect(recall.hybrid).toBeGreaterThanOrEqual(floors.hybrid);
});
