import { appendFileSync, mkdtempSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { claudeLimitNotice, writeClaudeTranscript, writeCodexSession } from '../testing/local-usage-fixtures.js';
import { claudeProjectDirs, ClaudeTranscripts } from './claude-transcripts.js';
import { summarizeClaude } from './claude-usage.js';
import { codexHomeOf, readCodexUsage } from './codex-rate-limits.js';

const temp = (name: string) => mkdtempSync(join(tmpdir(), `agentmesh-${name}-`));
const now = Date.parse('2025-10-12T10:00:00Z');
const seconds = (iso: string) => Date.parse(iso) / 1000;

describe('Codex rate limits from session files', () => {
  it('takes the newest token_count snapshot of the newest session files', async () => {
    const home = temp('codex');
    writeCodexSession(home, {
      at: new Date('2025-10-11T09:00:00Z'),
      primary: { usedPercent: 90, windowMinutes: 300, resetsAt: seconds('2025-10-12T11:00:00Z') },
    });
    writeCodexSession(home, {
      at: new Date('2025-10-12T09:30:00Z'),
      primary: { usedPercent: 42.5, windowMinutes: 300, resetsAt: seconds('2025-10-12T12:00:00Z') },
      secondary: { usedPercent: 12, windowMinutes: 10_080, resetsAt: seconds('2025-10-17T00:00:00Z') },
    });
    const usage = await readCodexUsage(home, now);
    expect(usage.found).toBe(true);
    expect(usage.limits).toMatchObject({
      observedAt: '2025-10-12T09:30:00.000Z',
      primary: { usedPercent: 42.5, windowMinutes: 300, resetsAt: '2025-10-12T12:00:00.000Z' },
      secondary: { usedPercent: 12, windowMinutes: 10_080, resetsAt: '2025-10-17T00:00:00.000Z' },
    });
    expect(usage.limits!.file).toMatch(/sessions\/2025\/10\/12\/rollout-2025-10-12T09-29-00-.*\.jsonl$/);
  });

  it('counts a window that has reset since as empty, and reads the older resets_in_seconds', async () => {
    const home = temp('codex');
    writeCodexSession(home, {
      at: new Date('2025-10-12T04:00:00Z'),
      primary: { usedPercent: 97, windowMinutes: 300, resetsInSeconds: 3_600 },
      secondary: { usedPercent: 55, windowMinutes: 10_080, resetsInSeconds: 86_400 },
    });
    const { limits } = await readCodexUsage(home, now);
    expect(limits!.primary).toEqual({ usedPercent: 0, windowMinutes: 300, resetsAt: '2025-10-12T05:00:00.000Z', reset: true });
    expect(limits!.secondary).toMatchObject({ usedPercent: 55, resetsAt: '2025-10-13T04:00:00.000Z' });
  });

  it('says whether Codex was used at all, and finds CODEX_HOME', async () => {
    expect(await readCodexUsage(temp('empty'), now)).toEqual({ found: false });
    const home = temp('codex');
    writeCodexSession(home, { at: new Date('2025-10-12T09:00:00Z') });
    expect(await readCodexUsage(home, now)).toEqual({ found: true });
    expect(codexHomeOf({ CODEX_HOME: '/x/codex', HOME: '/home/u' })).toBe('/x/codex');
    expect(codexHomeOf({ HOME: '/home/u' })).toBe('/home/u/.codex');
  });
});

describe('Claude Code usage from transcripts', () => {
  const config = () => temp('claude');
  const since = now - 7 * 86_400_000;

  it('sums tokens and cost per block, day and model, counting each response once', async () => {
    const dir = config();
    writeClaudeTranscript(dir, [
      // Yesterday: a block of its own.
      { at: new Date('2025-10-11T12:10:00Z'), input: 1_000, output: 2_000, model: 'claude-opus-4-1-20250805' },
      // Today: block from 08:00 to 13:00, one response written as three lines.
      { at: new Date('2025-10-12T08:20:00Z'), input: 10, output: 1_000, cacheCreate: 2_000, cacheRead: 30_000, blocks: 3 },
      { at: new Date('2025-10-12T09:45:00Z'), input: 5, output: 500, cacheRead: 40_000, model: 'claude-haiku-4-5-20251001' },
    ]);
    const scan = await new ClaudeTranscripts().scan(claudeProjectDirs({ CLAUDE_CONFIG_DIR: dir }), since);
    expect(scan.entries).toHaveLength(3);
    const report = summarizeClaude(scan, now, {}, {});
    // sonnet 4.5: 10 in at $3, 2000 cache writes at $3.75, 30000 reads at $0.30, 1000 out at $15 (per 1M)
    const sonnet = (10 * 3 + 2_000 * 3.75 + 30_000 * 0.3 + 1_000 * 15) / 1e6;
    const haiku = (5 * 1 + 40_000 * 0.1 + 500 * 5) / 1e6;
    expect(report.block).toMatchObject({ start: '2025-10-12T08:00:00.000Z', end: '2025-10-12T13:00:00.000Z', active: true, tokens: 10 + 1_000 + 2_000 + 30_000 + 5 + 500 + 40_000 });
    expect(report.block!.costUsd).toBeCloseTo(sonnet + haiku, 6);
    expect(report.block!.models).toEqual(['claude-sonnet-4-5-20250929', 'claude-haiku-4-5-20251001']);
    expect(report.days.map((day) => day.date)).toHaveLength(2);
    expect(report.today.costUsd).toBeCloseTo(sonnet + haiku, 6);
    expect(report.models[0]).toMatchObject({ model: 'claude-opus-4-1-20250805', inputTokens: 1_000, outputTokens: 2_000 });
    expect(report.models[0]!.costUsd).toBeCloseTo((1_000 * 15 + 2_000 * 75) / 1e6, 6);
    expect(report.usedPercent).toBeUndefined();
  });

  it('gives a used percent against a configured block limit, and 100% after a limit notice', async () => {
    const dir = config();
    writeClaudeTranscript(dir, [{ at: new Date('2025-10-12T09:00:00Z'), input: 0, output: 10_000, model: 'claude-sonnet-4-5' }]);
    const transcripts = new ClaudeTranscripts();
    const dirs = claudeProjectDirs({ CLAUDE_CONFIG_DIR: dir });
    const limited = summarizeClaude(await transcripts.scan(dirs, since), now, {}, { blockLimitUsd: 0.2 });
    expect(limited.usedPercent).toBe(75);
    expect(limited.resetsAt).toBe('2025-10-12T14:00:00.000Z');
    const resets = seconds('2025-10-12T14:00:00Z');
    writeClaudeTranscript(dir, [{ at: new Date('2025-10-12T09:30:00Z') }], [claudeLimitNotice(new Date('2025-10-12T09:31:00Z'), resets)]);
    const notice = summarizeClaude(await transcripts.scan(dirs, since), now, {}, {});
    expect(notice).toMatchObject({ usedPercent: 100, resetsAt: '2025-10-12T14:00:00.000Z' });
  });

  it('reads only what was appended to a transcript since the last scan', async () => {
    const dir = config();
    const file = writeClaudeTranscript(dir, [{ at: new Date('2025-10-12T09:00:00Z'), output: 100 }]);
    const transcripts = new ClaudeTranscripts();
    const dirs = claudeProjectDirs({ CLAUDE_CONFIG_DIR: dir });
    expect((await transcripts.scan(dirs, since)).entries).toHaveLength(1);
    const line = { type: 'assistant', timestamp: '2025-10-12T09:40:00.000Z', requestId: 'req_x', message: { id: 'msg_x', model: 'claude-sonnet-4-5', usage: { input_tokens: 1, output_tokens: 7 } } };
    appendFileSync(file, JSON.stringify(line) + '\n');
    expect(statSync(file).size).toBeGreaterThan(0);
    const again = await transcripts.scan(dirs, since);
    expect(again.entries.map((entry) => entry.output)).toEqual([100, 7]);
  });

  it('looks in CLAUDE_CONFIG_DIR, else ~/.config/claude and ~/.claude', () => {
    expect(claudeProjectDirs({ CLAUDE_CONFIG_DIR: '/a, /b', HOME: '/home/u' })).toEqual(['/a/projects', '/b/projects']);
    expect(claudeProjectDirs({ HOME: '/home/u' })).toEqual(['/home/u/.config/claude/projects', '/home/u/.claude/projects']);
  });
});
