import { homedir } from 'node:os';
import { join } from 'node:path';
import { findFiles, isObject, num, parseLine, readRange } from './jsonl-files.js';

// Claude Code keeps one JSONL transcript per session under
// <config dir>/projects/<encoded project path>/<session id>.jsonl. Assistant lines carry
// `timestamp`, `requestId` and `message: {id, model, usage: {input_tokens, output_tokens,
// cache_creation_input_tokens, cache_read_input_tokens}}`; one API response is written as
// several lines (one per content block) with the same message id and request id, so
// entries are counted once per (message id, request id). Older versions also wrote `costUSD`.
// When the subscription limit is hit, Claude Code logs an API error line whose text reads
// "Claude AI usage limit reached|<epoch seconds of the reset>".

export interface ClaudeEntry {
  ts: number;
  model: string;
  input: number;
  output: number;
  cacheCreate: number;
  cacheRead: number;
  /** Cost the transcript recorded, when it did. */
  costUsd?: number;
  key?: string;
}

export interface ClaudeScan {
  files: number;
  entries: ClaudeEntry[];
  /** The latest "usage limit reached" notice: when it was logged and when the limit lifts, if said. */
  limitNotice?: { at: number; resetsAt?: number };
}

/** Where Claude Code keeps transcripts: $CLAUDE_CONFIG_DIR (comma-separated), else ~/.config/claude and ~/.claude. */
export function claudeProjectDirs(env: NodeJS.ProcessEnv): string[] {
  const configured = (env.CLAUDE_CONFIG_DIR ?? '').split(',').map((dir) => dir.trim()).filter(Boolean);
  const home = env.HOME || homedir();
  const dirs = configured.length ? configured : [join(env.XDG_CONFIG_HOME || join(home, '.config'), 'claude'), join(home, '.claude')];
  return [...new Set(dirs)].map((dir) => join(dir, 'projects'));
}

interface FileState {
  size: number;
  mtimeMs: number;
  /** Bytes parsed so far: transcripts only grow, so a rescan reads what was appended. */
  offset: number;
  entries: ClaudeEntry[];
  limitNotice?: ClaudeScan['limitNotice'];
}

const LIMIT_NOTICE = /usage limit reached(?:\|(\d{9,11}))?/i;

function textOf(message: Record<string, unknown>): string {
  const content = message.content;
  if (typeof content === 'string') return content;
  if (!Array.isArray(content)) return '';
  return content.map((part) => (isObject(part) && typeof part.text === 'string' ? part.text : '')).join(' ');
}

function parseTranscriptLine(line: string, state: FileState): void {
  if (!line.includes('"usage"') && !line.includes('limit reached')) return;
  const item = parseLine(line);
  const message = item?.message;
  if (!item || !isObject(message)) return;
  const ts = Date.parse(String(item.timestamp));
  if (Number.isNaN(ts)) return;
  if (item.isApiErrorMessage === true) {
    const notice = LIMIT_NOTICE.exec(textOf(message));
    if (notice && (!state.limitNotice || ts >= state.limitNotice.at)) state.limitNotice = { at: ts, ...(notice[1] ? { resetsAt: Number(notice[1]) * 1000 } : {}) };
    return;
  }
  const usage = message.usage;
  const model = typeof message.model === 'string' ? message.model : 'unknown';
  if (!isObject(usage) || model === '<synthetic>') return;
  const entry: ClaudeEntry = {
    ts,
    model,
    input: num(usage.input_tokens),
    output: num(usage.output_tokens),
    cacheCreate: num(usage.cache_creation_input_tokens),
    cacheRead: num(usage.cache_read_input_tokens),
  };
  if (typeof item.costUSD === 'number') entry.costUsd = item.costUSD;
  if (typeof message.id === 'string' && typeof item.requestId === 'string') entry.key = `${message.id}:${item.requestId}`;
  state.entries.push(entry);
}

/** Keeps what each transcript held, so a rescan reads only appended bytes. */
export class ClaudeTranscripts {
  private readonly files = new Map<string, FileState>();

  /** Entries since `sinceMs` from transcripts touched since then, each response counted once. */
  async scan(dirs: string[], sinceMs: number): Promise<ClaudeScan> {
    const found = (await Promise.all(dirs.map((dir) => findFiles(dir, (name) => name.endsWith('.jsonl'))))).flat();
    const seen = new Set<string>();
    const entries: ClaudeEntry[] = [];
    let limitNotice: ClaudeScan['limitNotice'];
    for (const file of found) {
      if (file.mtimeMs < sinceMs) continue;
      const state = await this.refresh(file.path, file.size, file.mtimeMs);
      state.entries = state.entries.filter((entry) => entry.ts >= sinceMs);
      for (const entry of state.entries) {
        if (entry.ts < sinceMs || (entry.key && seen.has(entry.key))) continue;
        if (entry.key) seen.add(entry.key);
        entries.push(entry);
      }
      if (state.limitNotice && (!limitNotice || state.limitNotice.at > limitNotice.at)) limitNotice = state.limitNotice;
    }
    for (const path of this.files.keys()) if (!found.some((file) => file.path === path && file.mtimeMs >= sinceMs)) this.files.delete(path);
    entries.sort((a, b) => a.ts - b.ts);
    return { files: found.length, entries, ...(limitNotice ? { limitNotice } : {}) };
  }

  private async refresh(path: string, size: number, mtimeMs: number): Promise<FileState> {
    let state = this.files.get(path);
    if (state && state.size === size && state.mtimeMs === mtimeMs) return state;
    // A file that shrank was rewritten: start over.
    if (!state || size < state.offset) state = { size: 0, mtimeMs: 0, offset: 0, entries: [] };
    const text = await readRange(path, state.offset, size).catch(() => '');
    const end = text.lastIndexOf('\n');
    if (end >= 0) {
      for (const line of text.slice(0, end).split('\n')) parseTranscriptLine(line, state);
      state.offset += Buffer.byteLength(text.slice(0, end + 1));
    }
    state.size = size;
    state.mtimeMs = mtimeMs;
    this.files.set(path, state);
    return state;
  }
}
