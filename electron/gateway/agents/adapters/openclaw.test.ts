import { describe, expect, it } from 'vitest';
import { agentConfigSchema } from '../../../../shared/schemas/agent.js';
import { fixtureLines, replay } from './fixture-replay.js';
import { openclaw } from './openclaw.js';

// Fixtures are shaped from the documentation, not recorded: OpenClaw 2026.9 needs Node 24+
// (node:sqlite). `agent exec --json` envelope: docs.openclaw.ai/cli/agent ("agent exec"),
// docs/cli/agent.md in the openclaw 2026.9.6 npm package; it is written pretty-printed
// (writeRuntimeJson, 2-space indent) and a failure carries `error {message, kind}` and exit 1.

const agent = (fields: Record<string, unknown> = {}) => agentConfigSchema.parse({ id: 'claw', adapter: 'openclaw', ...fields });
const ctx = { binary: '/usr/bin/openclaw', cwd: '/repo' };
const task = { id: 't1', prompt: 'fix it' };

describe('openclaw spawn plan', () => {
  it('runs one headless `agent exec` turn in the task folder with the prompt on stdin', () => {
    expect(openclaw.buildSpawnPlan(task, agent({ model: 'openai/gpt-5.4', args: ['--isolated'] }), ctx)).toEqual({
      command: '/usr/bin/openclaw',
      args: ['agent', 'exec', '--message-file', '-', '--cwd', '/repo', '--json', '--timeout', '0', '--model', 'openai/gpt-5.4', '--isolated'],
      env: { PWD: '/repo', AGENTMESH_TASK_ID: 't1' },
      stdin: 'fix it',
      cwd: '/repo',
    });
  });
});

describe('openclaw parser', () => {
  it('holds the pretty-printed envelope back and reads it when the process ends', () => {
    const parser = openclaw.createParser();
    expect(fixtureLines('openclaw-exec.json').flatMap((line) => parser.line(line))).toEqual([]);
    expect(parser.end(0)).toEqual([
      { kind: 'message', text: 'Checking the test suite first.' },
      { kind: 'message', text: 'The focused tests pass.' },
      { kind: 'log', stream: 'stdout', text: 'openclaw tools: read, write (2 calls)' },
      { kind: 'usage', inputTokens: 160, outputTokens: 8, cachedTokens: 40, costUsd: 0.0021, model: 'openai/gpt-6-astra' },
      { kind: 'result', text: 'The focused tests pass.', isError: false, sessionId: '019a1c2e-5b7d-7c11-9f00-3d2e4b6a8c10' },
    ]);
  });

  it('reads a failed run', () => {
    expect(replay(openclaw, 'openclaw-error.json', 1)).toEqual([
      { kind: 'error', message: 'All model fallback candidates failed' },
      { kind: 'result', text: 'All model fallback candidates failed', isError: true, sessionId: '019a1c2e-77aa-7d02-8b11-0c4f5e6d7a21' },
    ]);
  });

  it('reads the `openclaw agent --json` result too, diagnostics before it as logs', () => {
    const parser = openclaw.createParser();
    const result = { payloads: [{ text: 'Report ready', mediaUrl: null }], meta: { durationMs: 1200, agentMeta: { sessionId: 's7', provider: 'anthropic', model: 'claude-sonnet-4-6', usage: { input: 50, output: 5, cacheRead: 10 } } } };
    for (const line of ['[plugins] loaded 3', ...JSON.stringify(result, null, 2).split('\n')]) parser.line(line);
    expect(parser.end(0)).toEqual([
      { kind: 'log', stream: 'stdout', text: '[plugins] loaded 3' },
      { kind: 'message', text: 'Report ready' },
      { kind: 'usage', inputTokens: 60, outputTokens: 5, cachedTokens: 10, model: 'anthropic/claude-sonnet-4-6' },
      { kind: 'result', text: 'Report ready', isError: false, sessionId: 's7' },
    ]);
  });

  it('treats output without JSON as plain text, each line a message', () => {
    const parser = openclaw.createParser();
    ['First line', '', 'Second line'].forEach((line) => parser.line(line));
    expect(parser.end(0)).toEqual([
      { kind: 'message', text: 'First line' },
      { kind: 'message', text: 'Second line' },
      { kind: 'result', text: 'First line\nSecond line', isError: false },
    ]);
  });
});
