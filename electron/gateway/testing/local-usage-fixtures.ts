import { randomUUID } from 'node:crypto';
import { mkdirSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

// Writers of Codex session files and Claude Code transcripts, line for line in the shapes
// those CLIs write (Codex: codex-rs protocol RolloutLine / EventMsg::TokenCount; Claude Code:
// the session JSONL under ~/.claude/projects). Tests build their fixtures with these.

export interface CodexWindowSpec {
  usedPercent: number;
  windowMinutes: number;
  /** Epoch seconds; omitted with `resetsInSeconds` to write the older field instead. */
  resetsAt?: number;
  resetsInSeconds?: number;
}

export interface CodexSessionSpec {
  /** When the turn ended (the token_count line's timestamp). */
  at: Date;
  primary?: CodexWindowSpec;
  secondary?: CodexWindowSpec;
  model?: string;
}

const window = (spec: CodexWindowSpec) => ({
  used_percent: spec.usedPercent,
  window_minutes: spec.windowMinutes,
  ...(spec.resetsInSeconds !== undefined ? { resets_in_seconds: spec.resetsInSeconds } : { resets_at: spec.resetsAt ?? null }),
});

const usage = (input: number, cached: number, output: number) => ({
  input_tokens: input,
  cached_input_tokens: cached,
  output_tokens: output,
  reasoning_output_tokens: Math.floor(output / 3),
  total_tokens: input + output,
});

/** Writes $CODEX_HOME/sessions/YYYY/MM/DD/rollout-<time>-<uuid>.jsonl; returns its path. */
export function writeCodexSession(codexHome: string, spec: CodexSessionSpec): string {
  const at = spec.at;
  const started = new Date(at.getTime() - 60_000);
  const day = join(codexHome, 'sessions', String(at.getUTCFullYear()), String(at.getUTCMonth() + 1).padStart(2, '0'), String(at.getUTCDate()).padStart(2, '0'));
  mkdirSync(day, { recursive: true });
  const id = randomUUID();
  const stamp = started.toISOString().slice(0, 19).replace(/:/g, '-');
  const file = join(day, `rollout-${stamp}-${id}.jsonl`);
  const ts = (offset: number) => new Date(started.getTime() + offset).toISOString();
  const cwd = '/home/dev/project';
  const lines = [
    { timestamp: ts(0), type: 'session_meta', payload: { id, timestamp: ts(0), cwd, originator: 'codex_cli_rs', cli_version: '0.46.0', instructions: null, source: 'cli', model_provider: 'openai', git: { commit_hash: 'a1b2c3d', branch: 'main' } } },
    { timestamp: ts(5), type: 'turn_context', payload: { cwd, approval_policy: 'on-request', sandbox_policy: { type: 'workspace-write', network_access: false, exclude_tmpdir_env_var: false, exclude_slash_tmp: false }, model: spec.model ?? 'gpt-5-codex', effort: 'medium', summary: 'auto' } },
    { timestamp: ts(6), type: 'response_item', payload: { type: 'message', role: 'user', content: [{ type: 'input_text', text: 'fix the flaky test' }] } },
    { timestamp: ts(7), type: 'event_msg', payload: { type: 'user_message', message: 'fix the flaky test', images: [] } },
    // The first token_count of a session can come before any limits are known.
    { timestamp: ts(20_000), type: 'event_msg', payload: { type: 'token_count', info: null, rate_limits: null } },
    { timestamp: ts(30_000), type: 'response_item', payload: { type: 'message', role: 'assistant', content: [{ type: 'output_text', text: 'Fixed: the test now waits for the server.' }] } },
    {
      timestamp: at.toISOString(),
      type: 'event_msg',
      payload: {
        type: 'token_count',
        info: { total_token_usage: usage(24_000, 18_000, 1_200), last_token_usage: usage(12_000, 9_000, 600), model_context_window: 272_000 },
        rate_limits: { ...(spec.primary ? { primary: window(spec.primary) } : {}), ...(spec.secondary ? { secondary: window(spec.secondary) } : {}) },
      },
    },
    { timestamp: ts(61_000), type: 'event_msg', payload: { type: 'agent_message', message: 'Fixed: the test now waits for the server.' } },
  ];
  writeFileSync(file, lines.map((line) => JSON.stringify(line)).join('\n') + '\n');
  const seconds = at.getTime() / 1000;
  utimesSync(file, seconds, seconds);
  return file;
}

export interface ClaudeTurnSpec {
  at: Date;
  model?: string;
  input?: number;
  output?: number;
  cacheCreate?: number;
  cacheRead?: number;
  /** Content blocks of the response: each becomes its own line, as Claude Code writes them. */
  blocks?: number;
}

/** Writes <configDir>/projects/<encoded cwd>/<session>.jsonl with user and assistant lines. */
export function writeClaudeTranscript(configDir: string, turns: ClaudeTurnSpec[], extra: Record<string, unknown>[] = []): string {
  const cwd = '/home/dev/project';
  const dir = join(configDir, 'projects', cwd.replace(/[/.]/g, '-'));
  mkdirSync(dir, { recursive: true });
  const sessionId = randomUUID();
  const file = join(dir, `${sessionId}.jsonl`);
  const base = { isSidechain: false, userType: 'external', cwd, sessionId, version: '2.0.14', gitBranch: 'main' };
  const lines: Record<string, unknown>[] = [];
  let parent: string | null = null;
  for (const turn of turns) {
    const userId = randomUUID();
    lines.push({ parentUuid: parent, ...base, type: 'user', message: { role: 'user', content: 'run the tests' }, uuid: userId, timestamp: new Date(turn.at.getTime() - 2_000).toISOString() });
    parent = userId;
    const messageId = `msg_01${randomUUID().replace(/-/g, '').slice(0, 22)}`;
    const requestId = `req_011C${randomUUID().replace(/-/g, '').slice(0, 20)}`;
    const usageBlock = {
      input_tokens: turn.input ?? 4,
      cache_creation_input_tokens: turn.cacheCreate ?? 0,
      cache_read_input_tokens: turn.cacheRead ?? 0,
      cache_creation: { ephemeral_5m_input_tokens: turn.cacheCreate ?? 0, ephemeral_1h_input_tokens: 0 },
      output_tokens: turn.output ?? 100,
      service_tier: 'standard',
    };
    for (let block = 0; block < (turn.blocks ?? 1); block++) {
      const uuid = randomUUID();
      const content = block === 0 ? [{ type: 'text', text: 'Running the tests now.' }] : [{ type: 'tool_use', id: `toolu_${block}`, name: 'Bash', input: { command: 'npm test' } }];
      lines.push({
        parentUuid: parent,
        ...base,
        message: { id: messageId, type: 'message', role: 'assistant', model: turn.model ?? 'claude-sonnet-4-5-20250929', content, stop_reason: null, stop_sequence: null, usage: usageBlock },
        requestId,
        type: 'assistant',
        uuid,
        timestamp: turn.at.toISOString(),
      });
      parent = uuid;
    }
  }
  lines.push(...extra.map((line) => ({ ...base, ...line })));
  writeFileSync(file, lines.map((line) => JSON.stringify(line)).join('\n') + '\n');
  const last = Math.max(...turns.map((turn) => turn.at.getTime()), Date.now());
  utimesSync(file, last / 1000, last / 1000);
  return file;
}

/** The API error line Claude Code logs when the subscription limit is hit. */
export const claudeLimitNotice = (at: Date, resetsAtSeconds: number) => ({
  type: 'assistant',
  uuid: randomUUID(),
  timestamp: at.toISOString(),
  isApiErrorMessage: true,
  message: {
    id: randomUUID(),
    type: 'message',
    role: 'assistant',
    model: '<synthetic>',
    content: [{ type: 'text', text: `Claude AI usage limit reached|${resetsAtSeconds}` }],
    usage: { input_tokens: 0, output_tokens: 0, cache_creation_input_tokens: 0, cache_read_input_tokens: 0 },
  },
});
