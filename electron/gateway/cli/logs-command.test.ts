import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startHarness, type Harness } from '../testing/gateway-harness.js';

const bin = fileURLToPath(new URL('../../../bin/agentmesh.mjs', import.meta.url));
let h: Harness;

async function chat(model: string): Promise<void> {
  const response = await fetch(`${h.v1}/chat/completions`, {
    method: 'POST',
    headers: { authorization: `Bearer ${h.token}`, 'content-type': 'application/json' },
    body: JSON.stringify({ model, messages: [{ role: 'user', content: 'hi' }] }),
  });
  await response.text();
}

beforeAll(async () => {
  h = await startHarness();
  h.upstream.defaultReply = { text: 'ok', usage: { input: 1_000, output: 500 } };
  await chat('via-chat');
  await chat('no-such-model');
});
afterAll(() => h.close());

function logs(...args: string[]): Promise<{ code: number | null; stdout: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [bin, 'logs', ...args, '--url', h.url, '--token', h.token]);
    let stdout = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.on('close', (code) => resolve({ code, stdout }));
  });
}

it('prints one line per model call, oldest first', async () => {
  const { code, stdout } = await logs();
  expect(code).toBe(0);
  const lines = stdout.trim().split('\n');
  expect(lines).toHaveLength(2);
  expect(lines[0]).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ {2}200 {2}chat {2}via-chat -> chatty:chat-model {2}\d+ms ttfb \d+ms {2}in 1000 out 500 {2}\$0\.0020$/);
  expect(lines[1]).toMatch(/ {2}404 {2}chat {2}no-such-model -> no provider {2}.* {2}error: The model 'no-such-model' does not exist or no route serves it$/);
});

it('filters, and prints JSON with --json', async () => {
  const errors = await logs('--status', 'error', '--json');
  const parsed = JSON.parse(errors.stdout) as { requestedModel: string; status: number }[];
  expect(parsed.map((entry) => [entry.requestedModel, entry.status])).toEqual([['no-such-model', 404]]);
  expect((await logs('--status', 'teapot')).code).toBe(1);
});

it('keeps printing calls as they happen with --follow', async () => {
  const child = spawn(process.execPath, [bin, 'logs', '--follow', '--limit', '1', '--url', h.url, '--token', h.token]);
  let stdout = '';
  const lineCount = (count: number) =>
    new Promise<void>((resolve) => {
      const check = () => {
        if (stdout.trim().split('\n').filter(Boolean).length >= count) {
          child.stdout.off('data', onData);
          resolve();
        }
      };
      const onData = (chunk: Buffer) => {
        stdout += chunk;
        check();
      };
      child.stdout.on('data', onData);
      check();
    });
  try {
    await lineCount(1);
    expect(stdout).toContain('no-such-model');
    // The follower may still be subscribing: it catches up on what it missed once it is.
    await chat('via-responses');
    await lineCount(2);
    expect(stdout.trim().split('\n')[1]).toMatch(/ {2}200 {2}chat {2}via-responses -> respy:resp-model /);
  } finally {
    child.kill();
    await once(child, 'close');
  }
});
