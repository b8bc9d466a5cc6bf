import { homedir } from 'node:os';
import { join } from 'node:path';
import { findFiles, isObject, parseLine, subdirsNewestFirst, tailLines, type FoundFile } from './jsonl-files.js';

// Codex writes every session to $CODEX_HOME/sessions/YYYY/MM/DD/rollout-<time>-<id>.jsonl,
// one RolloutLine per line: `{timestamp, type, payload}`. After each model turn it logs
// `{type:"event_msg", payload:{type:"token_count", info, rate_limits}}` where rate_limits is
// codex-rs protocol's RateLimitSnapshot: `{primary, secondary}` windows of
// `{used_percent, window_minutes, resets_at}` (epoch seconds; older builds wrote
// `resets_in_seconds` instead). The newest such line is the freshest view of the limits.

export interface CodexWindow {
  /** Percent used now: 0 once the window has reset since it was observed. */
  usedPercent: number;
  windowMinutes?: number;
  resetsAt?: string;
  /** The observation predates the window's reset. */
  reset?: boolean;
}

export interface CodexRateLimits {
  observedAt: string;
  file: string;
  primary?: CodexWindow;
  secondary?: CodexWindow;
  planType?: string;
}

export interface CodexUsage {
  /** Session files exist (Codex has been used here). */
  found: boolean;
  limits?: CodexRateLimits;
}

export const codexHomeOf = (env: NodeJS.ProcessEnv) => env.CODEX_HOME || join(env.HOME || homedir(), '.codex');

const FILES_TO_READ = 5;
const TAIL_BYTES = 512 * 1024;
const isRollout = (name: string) => name.startsWith('rollout-') && name.endsWith('.jsonl');

/** The newest session files, walking day folders from the latest until enough are found. */
async function newestSessions(sessions: string): Promise<FoundFile[]> {
  const found: FoundFile[] = [];
  for (const year of await subdirsNewestFirst(sessions)) {
    for (const month of await subdirsNewestFirst(join(sessions, year))) {
      for (const day of await subdirsNewestFirst(join(sessions, year, month))) {
        found.push(...(await findFiles(join(sessions, year, month, day), isRollout, 0)));
        if (found.length >= FILES_TO_READ) return found.sort((a, b) => b.mtimeMs - a.mtimeMs).slice(0, FILES_TO_READ);
      }
    }
  }
  // Also files directly under sessions/ (older layouts).
  found.push(...(await findFiles(sessions, isRollout, 0)));
  return found.sort((a, b) => b.mtimeMs - a.mtimeMs).slice(0, FILES_TO_READ);
}

function toWindow(raw: unknown, observedMs: number, now: number): CodexWindow | undefined {
  if (!isObject(raw) || typeof raw.used_percent !== 'number') return undefined;
  const window: CodexWindow = { usedPercent: raw.used_percent };
  if (typeof raw.window_minutes === 'number') window.windowMinutes = raw.window_minutes;
  const resetsMs =
    typeof raw.resets_at === 'number' ? raw.resets_at * 1000 : typeof raw.resets_in_seconds === 'number' ? observedMs + raw.resets_in_seconds * 1000 : undefined;
  if (resetsMs !== undefined) {
    window.resetsAt = new Date(resetsMs).toISOString();
    if (resetsMs <= now) {
      window.usedPercent = 0;
      window.reset = true;
    }
  }
  return window;
}

function lastSnapshot(lines: string[], file: string, now: number): CodexRateLimits | undefined {
  for (let i = lines.length - 1; i >= 0; i--) {
    const line = lines[i] as string;
    if (!line.includes('"rate_limits"')) continue;
    const item = parseLine(line);
    const payload = item?.payload;
    if (item?.type !== 'event_msg' || !isObject(payload) || payload.type !== 'token_count' || !isObject(payload.rate_limits)) continue;
    const observedMs = Date.parse(String(item.timestamp));
    if (Number.isNaN(observedMs)) continue;
    const limits: CodexRateLimits = { observedAt: new Date(observedMs).toISOString(), file };
    const primary = toWindow(payload.rate_limits.primary, observedMs, now);
    const secondary = toWindow(payload.rate_limits.secondary, observedMs, now);
    if (primary) limits.primary = primary;
    if (secondary) limits.secondary = secondary;
    if (typeof payload.rate_limits.plan_type === 'string') limits.planType = payload.rate_limits.plan_type;
    if (primary || secondary) return limits;
  }
  return undefined;
}

/** Reads the freshest rate-limit snapshot from the newest Codex session files; no network. */
export async function readCodexUsage(codexHome: string, now = Date.now()): Promise<CodexUsage> {
  const files = await newestSessions(join(codexHome, 'sessions'));
  let best: CodexRateLimits | undefined;
  for (const file of files) {
    const snapshot = lastSnapshot(await tailLines(file, TAIL_BYTES).catch(() => []), file.path, now);
    if (snapshot && (!best || snapshot.observedAt > best.observedAt)) best = snapshot;
  }
  return best ? { found: true, limits: best } : { found: files.length > 0 };
}
