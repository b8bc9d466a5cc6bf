import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from '../testing/gateway-harness.js';
import { apiOf, scriptAgent, taskMessage, waitForTask, type Api } from '../testing/task-helpers.js';

const SECRET = 'sk-artifact-secret-0123456789';
let h: Harness;
let api: Api;
let space: string;
beforeAll(async () => {
  h = await startHarness({
    config: (upstream) => ({
      providers: [{ id: 'p', type: 'openai-chat', baseUrl: `${upstream}/v1`, apiKey: SECRET, models: ['m'] }],
      agents: [scriptAgent('writer', 'writer-agent')],
      tasks: { artifactMaxBytes: 100 },
    }),
  });
  api = apiOf(h);
  space = (await api('POST', '/spaces', { metadata: { name: 'artifacts' } })).body.space_id;
});
afterAll(() => h.close());

describe('space artifacts', () => {
  it('stores an artifact posted with content, lists it, and serves it as JSON or raw with its type', async () => {
    const created = await api('POST', `/spaces/${space}/artifacts`, { name: 'plan.md', content: '# Plan\nstep one', mime: 'text/markdown' });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ name: 'plan.md', mime: 'text/markdown', size: 15, change: 'put', created_at: expect.any(Number) });
    await api('POST', `/spaces/${space}/artifacts`, { name: 'plan.md', content: '# Plan\nstep two' });
    const one = await api('GET', `/spaces/${space}/artifacts/plan.md`);
    expect(one.body).toMatchObject({ name: 'plan.md', encoding: 'utf8', content: '# Plan\nstep two' });
    const raw = await fetch(`${h.url}/spaces/${space}/artifacts/plan.md?raw=1`, { headers: { authorization: `Bearer ${h.token}` } });
    expect(raw.headers.get('content-type')).toMatch(/^text\/markdown/);
    expect(await raw.text()).toBe('# Plan\nstep two');
    expect((await api('GET', `/spaces/${space}`)).body.artifact_count).toBe(1);
  });

  it('keeps names with slashes, bytes given in base64, and masks secrets in text', async () => {
    await api('POST', `/spaces/${space}/artifacts`, { name: 'src/app.ts', content: `const key = '${SECRET}';` });
    expect((await api('GET', `/spaces/${space}/artifacts/src/app.ts`)).body).toMatchObject({ mime: 'text/x-typescript', content: "const key = '***';" });
    const bytes = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 1, 2]);
    await api('POST', `/spaces/${space}/artifacts`, { name: 'pixel.png', content: bytes.toString('base64'), encoding: 'base64' });
    expect((await api('GET', `/spaces/${space}/artifacts/pixel.png`)).body).toMatchObject({ mime: 'image/png', encoding: 'base64', content: bytes.toString('base64'), size: 7 });
  });

  it('reads a path only from inside tasks.allowedRoots, and refuses what is over the cap', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'agentmesh-artifact-')), 'report.txt');
    writeFileSync(file, 'all green');
    expect((await api('POST', `/spaces/${space}/artifacts`, { name: 'report.txt', path: file })).status).toBe(201);
    expect((await api('GET', `/spaces/${space}/artifacts/report.txt`)).body.content).toBe('all green');
    const outside = await api('POST', `/spaces/${space}/artifacts`, { name: 'passwd', path: '/etc/passwd' });
    expect(outside.status).toBe(400);
    expect(outside.body.error.code).toBe('ARTIFACT_PATH_NOT_ALLOWED');
    const big = await api('POST', `/spaces/${space}/artifacts`, { name: 'big', content: 'y'.repeat(101) });
    expect(big).toMatchObject({ status: 413, body: { error: { code: 'ARTIFACT_TOO_LARGE' } } });
    expect((await api('POST', `/spaces/${space}/artifacts`, { name: 'both', content: 'a', path: file })).status).toBe(400);
    expect((await api('GET', `/spaces/${space}/artifacts/nope`)).body.error.code).toBe('ARTIFACT_NOT_FOUND');
    expect((await api('GET', '/spaces/space_nope/artifacts')).body.error.code).toBe('SPACE_NOT_FOUND');
  });

  it("records a task's file changes with their content, cut at the cap, never reading outside its directory", async () => {
    const own = (await api('POST', '/spaces', { metadata: {} })).body.space_id;
    const res = await api('POST', '/tasks', taskMessage('tidy up', 'writer', {}, { context: { shared_space_id: own } }));
    await waitForTask(api, res.body.task_id);
    const listed = (await api('GET', `/spaces/${own}/artifacts`)).body;
    expect(Object.fromEntries(listed.map((artifact: any) => [artifact.name, [artifact.change, artifact.size, artifact.truncated]]))).toEqual({
      'notes.md': ['add', 19, false],
      'big.txt': ['add', 200, true],
      'gone.txt': ['delete', null, false],
      '/etc/hostname': ['modify', null, false],
    });
    expect(listed.every((artifact: any) => artifact.task_id === res.body.task_id)).toBe(true);
    expect((await api('GET', `/spaces/${own}/artifacts/notes.md`)).body.content).toBe('notes for: tidy up\n');
    expect((await api('GET', `/spaces/${own}/artifacts/big.txt`)).body.content).toBe('x'.repeat(100));
    expect((await api('GET', `/spaces/${own}/artifacts/etc/hostname`)).status).toBe(404);
    expect((await api('GET', `/spaces/${own}/artifacts/%2Fetc%2Fhostname`)).body.content).toBeNull();
  });
});
