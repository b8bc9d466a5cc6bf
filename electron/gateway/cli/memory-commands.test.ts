import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startHarness, type Harness } from '../testing/gateway-harness.js';
import { apiOf, until, type Api } from '../testing/task-helpers.js';

// `agentmesh memory search|status` against a running gateway, as a user types them.
const bin = fileURLToPath(new URL('../../../bin/agentmesh.mjs', import.meta.url));
let h: Harness;
let api: Api;
let design: string;
let ops: string;

beforeAll(async () => {
  h = await startHarness();
  api = apiOf(h);
  design = (await api('POST', '/spaces', { metadata: { name: 'design' } })).body.space_id;
  ops = (await api('POST', '/spaces', { metadata: { name: 'ops' } })).body.space_id;
  await api('POST', `/spaces/${design}/artifacts`, { name: 'notes/cache.md', content: 'Design note: the cache keeps <session> entries for ten minutes, then evicts them.' });
  await api('POST', `/spaces/${ops}/artifacts`, { name: 'runbook.md', content: 'Runbook: when the cache is cold, warm it before the traffic switch.' });
  await until(async () => (await api('GET', '/memory/status')).body.chunks === 2, 5_000, 'both artifacts indexed');
});
afterAll(() => h.close());

function cli(...args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [bin, ...args, '--url', h.url], { env: { ...process.env, AGENTMESH_TOKEN: h.token } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

it('searches every space, or one with --space, marking the matched words', async () => {
  const all = await cli('memory', 'search', 'cache');
  expect(all.stderr).toBe('');
  expect(all.stdout).toMatch(/^2 result\(s\) for "cache" \(hybrid, [\d.]+ ms\)\n/);
  expect(all.stdout).toContain('note: memory.embeddingModel is not set: full-text results only');
  expect(all.stdout).toContain(`${design}  artifact notes/cache.md`);
  expect(all.stdout).toContain('the [cache] keeps <session> entries');
  const one = await cli('memory', 'search', 'cache', '--space', ops, '--mode', 'text');
  expect(one.stdout).toMatch(/^1 result\(s\) for "cache" \(text/);
  expect(one.stdout).toContain(`${ops}  artifact runbook.md`);
  const json = JSON.parse((await cli('memory', 'search', 'evicts', '--json')).stdout);
  expect(json.results[0]).toMatchObject({ space_id: design, source: { type: 'artifact', artifact: 'notes/cache.md' } });
});

it('reports the index, and says what went wrong with the code, exiting 1', async () => {
  const status = await cli('memory', 'status');
  expect(status.stdout).toContain('embedding model: none (full-text search only)');
  expect(status.stdout).toContain('chunks: 2, embedded 0, backlog 0, refused 0');
  const vector = await cli('memory', 'search', 'cache', '--mode', 'vector');
  expect(vector.code).toBe(1);
  expect(vector.stderr).toContain('VECTOR_SEARCH_OFF');
  const missing = await cli('memory', 'search', 'cache', '--space', 'nope');
  expect(missing.stderr).toContain('SPACE_NOT_FOUND');
});
