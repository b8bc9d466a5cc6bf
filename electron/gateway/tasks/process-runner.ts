import { spawn, type ChildProcess } from 'node:child_process';
import { statSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { agentEnvironment } from '../agents/agent-env.js';
import type { SpawnPlan } from '../agents/types.js';
import { ByteTail } from './process-byte-tail.js';
import { LineSplitter } from './process-line-splitter.js';
import { processStartTime } from './process-start-time.js';
import { interruptProcessTree, killProcessTreeNow, terminateProcessTree } from './process-tree.js';

export { isProcessGroupAlive } from './process-tree.js';

export interface RunOptions {
  plan: SpawnPlan;
  /**
   * The environment `plan.env` is laid over. Default: the minimal agent environment taken
   * from `process.env` (agent-env.ts), never all of it: a child must not inherit the
   * gateway's token and keys just because a caller forgot to say what it gets.
   */
  baseEnv?: NodeJS.ProcessEnv;
  /** Kill the tree after this long; the outcome is then 'timeout'. */
  timeoutMs?: number;
  /**
   * Aborting stops the tree; the outcome is then 'cancelled'. The abort reason (a StopRequest)
   * says how: `hard` SIGKILLs at once, mode 'interrupt' sends SIGINT first, else it terminates.
   */
  signal?: AbortSignal;
  /** Time between SIGTERM and SIGKILL to the process group (default 3000). */
  killGraceMs?: number;
  onStdoutLine(line: string): void;
  onStderrLine?(line: string): void;
  /** How much of the end of stderr to keep for the outcome (default 8 KiB). */
  stderrTailBytes?: number;
}

export type RunOutcomeKind = 'exited' | 'cancelled' | 'timeout' | 'spawn-error';

/**
 * Why and how a run is stopped, passed as the abort reason: `cancel` terminates (SIGTERM, then
 * SIGKILL after a grace), `interrupt` sends SIGINT first (a CLI saves its session); `hard`
 * SIGKILLs the tree at once either way.
 */
export interface StopRequest {
  mode: 'cancel' | 'interrupt';
  hard?: boolean;
}

export interface RunOutcome {
  kind: RunOutcomeKind;
  exitCode: number | null;
  signal: NodeJS.Signals | null;
  stderrTail: string;
  pid?: number;
  error?: string;
  durationMs: number;
}

export interface RunHandle {
  pid: number | undefined;
  /** When the process started (process-start-time.ts), read at once; with the pid it names this process even after the pid is reused. */
  startTime: string | undefined;
  /** Never rejects. */
  done: Promise<RunOutcome>;
}

export const DEFAULT_KILL_GRACE_MS = 3000;
/**
 * Once the group is gone, stdio normally closes at once. If it stays open with no output
 * for this long, a process that left the group (setsid, a daemon) holds it: stop waiting.
 */
const STDIO_IDLE_MS = 1000;
const isWindows = process.platform === 'win32';
/** Leaders of runs not yet finished, for killActiveRuns. */
const active = new Set<number>();

/**
 * SIGKILLs the tree of every run still in progress, synchronously (for shutdown and
 * `process.on('exit')`); returns how many there were. Their `done` still resolves (as
 * 'exited' by SIGKILL) if the process lives on to see it.
 */
export function killActiveRuns(): number {
  const pids = [...active];
  for (const pid of pids) killProcessTreeNow(pid);
  return pids.length;
}

/**
 * The one place that starts agent processes. No shell: `plan.args` reach the program
 * verbatim. On POSIX the child leads its own process group so cancel, timeout and cleanup
 * reach every descendant that stays in it. When the child exits, whatever it left running
 * in its group is ended too: a finished task leaves nothing behind.
 */
export function runProcess(options: RunOptions): RunHandle {
  const startedAt = performance.now();
  const { plan } = options;
  const notStarted = (kind: RunOutcomeKind, error: string): RunHandle => ({
    pid: undefined,
    startTime: undefined,
    done: Promise.resolve({ kind, exitCode: null, signal: null, stderrTail: '', error, durationMs: sinceMs(startedAt) }),
  });
  if (options.signal?.aborted) return notStarted('cancelled', 'cancelled before start');

  let child: ChildProcess;
  try {
    child = spawn(plan.command, plan.args, {
      cwd: plan.cwd,
      env: mergeEnv(options.baseEnv ?? agentEnvironment(process.env), plan.env),
      shell: false,
      // POSIX: own process group, killable as -pid. Windows: a detached child gets no
      // console and its console descendants would each open a window; taskkill /T walks
      // the tree there instead.
      detached: !isWindows,
      stdio: [plan.stdin === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'],
      windowsHide: true,
    });
  } catch (error) {
    // Synchronous refusals: bad arguments (e.g. a NUL byte), unsupported files.
    return notStarted('spawn-error', describeSpawnError(error, plan));
  }
  const pid = child.pid;
  const startTime = pid === undefined ? undefined : processStartTime(pid);
  const done = supervise(child, options, startedAt).catch((error: unknown): RunOutcome => {
    // Only a bug in this module gets here; keep the promise's contract and the tree's fate.
    if (pid !== undefined) killProcessTreeNow(pid);
    return { kind: 'spawn-error', exitCode: null, signal: null, stderrTail: '', pid, error: `process runner failed: ${errorMessage(error)}`, durationMs: sinceMs(startedAt) };
  });
  if (pid === undefined) return { pid, startTime, done };
  active.add(pid);
  return { pid, startTime, done: done.finally(() => active.delete(pid)) };
}

async function supervise(child: ChildProcess, options: RunOptions, startedAt: number): Promise<RunOutcome> {
  const { plan } = options;
  const graceMs = options.killGraceMs ?? DEFAULT_KILL_GRACE_MS;
  const tail = new ByteTail(options.stderrTailBytes);
  const problems: string[] = [];
  let stopKind: 'cancelled' | 'timeout' | undefined;
  let stopping: Promise<void> | undefined;
  let exited = false;
  let lastOutputAt = performance.now();

  const stop = (kind?: 'cancelled' | 'timeout', how: StopRequest = { mode: 'cancel' }) => {
    if (exited || stopping || child.pid === undefined) return;
    stopKind = kind;
    const pid = child.pid;
    if (how.hard) {
      killProcessTreeNow(pid);
      stopping = terminateProcessTree(pid, 0);
    } else stopping = how.mode === 'interrupt' ? interruptProcessTree(pid, graceMs) : terminateProcessTree(pid, graceMs);
  };
  // A throwing consumer is a bug on our side; it must not crash the gateway from inside a
  // stream callback, nor leave the agent running unobserved. Stop the run and report it.
  let handlerFailed = false;
  const guard = (handler: (line: string) => void) => (line: string) => {
    if (handlerFailed) return;
    try {
      handler(line);
    } catch (error) {
      handlerFailed = true;
      problems.push(`line handler failed: ${errorMessage(error)}`);
      stop();
    }
  };
  const stdoutLines = new LineSplitter(guard(options.onStdoutLine));
  const stderrLines = options.onStderrLine ? new LineSplitter(guard(options.onStderrLine)) : undefined;

  child.stdout!.on('data', (chunk: Buffer) => {
    lastOutputAt = performance.now();
    stdoutLines.push(chunk);
  });
  child.stderr!.on('data', (chunk: Buffer) => {
    lastOutputAt = performance.now();
    tail.push(chunk);
    stderrLines?.push(chunk);
  });
  for (const stream of [child.stdout!, child.stderr!]) {
    stream.on('error', (error) => problems.push(`output stream: ${error.message}`));
  }
  const closed = new Promise<void>((resolve) => child.once('close', () => resolve()));
  const exit = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  const spawnError = await new Promise<Error | undefined>((resolve) => {
    child.once('spawn', () => resolve(undefined));
    child.on('error', resolve);
  });
  if (spawnError) {
    return { kind: 'spawn-error', exitCode: null, signal: null, stderrTail: '', error: describeSpawnError(spawnError, plan), durationMs: sinceMs(startedAt) };
  }

  if (child.stdin) {
    child.stdin.on('error', (error: NodeJS.ErrnoException) => {
      // EPIPE: the program exited (or closed stdin) without reading everything. Its exit
      // status tells the story; anything else is worth reporting.
      if (error.code !== 'EPIPE' && error.code !== 'ECONNRESET') problems.push(`stdin: ${error.message}`);
    });
    child.stdin.end(plan.stdin);
  }

  const timer = options.timeoutMs === undefined ? undefined : setTimeout(() => stop('timeout'), options.timeoutMs);
  const onAbort = () => stop('cancelled', stopRequestOf(options.signal?.reason));
  options.signal?.addEventListener('abort', onAbort, { once: true });
  if (options.signal?.aborted) onAbort();

  const { code, signal } = await exit;
  exited = true;
  clearTimeout(timer);
  options.signal?.removeEventListener('abort', onAbort);
  // Orphans left in the group (background jobs, a child ignoring SIGTERM) are ended too.
  // Not on Windows: with the leader gone, taskkill /T could hit a reused pid.
  await (stopping ?? (isWindows ? undefined : terminateProcessTree(child.pid!, graceMs)));
  lastOutputAt = performance.now();
  if (!(await outputClosed(closed, () => lastOutputAt))) {
    child.stdout!.destroy();
    child.stderr!.destroy();
    problems.push("output was held open by a process outside the task's process group; stopped reading");
  }
  stdoutLines.end();
  stderrLines?.end();

  if (stopKind === 'timeout') problems.unshift(`timed out after ${options.timeoutMs} ms`);
  if (stopKind === 'cancelled') problems.unshift('cancelled');
  return {
    kind: stopKind ?? 'exited',
    exitCode: code,
    signal,
    stderrTail: tail.text(),
    pid: child.pid,
    ...(problems.length > 0 ? { error: problems.join('; ') } : {}),
    durationMs: sinceMs(startedAt),
  };
}

/** The abort reason as a StopRequest; any other reason (a plain abort()) is a cancel. */
export function stopRequestOf(reason: unknown): StopRequest {
  const request = reason as Partial<StopRequest> | undefined;
  return { mode: request?.mode === 'interrupt' ? 'interrupt' : 'cancel', hard: request?.hard === true };
}

/** Waits for stdio to close; false once it stayed open with no output for STDIO_IDLE_MS. */
async function outputClosed(closed: Promise<void>, lastOutputAt: () => number): Promise<boolean> {
  for (;;) {
    const wait = STDIO_IDLE_MS - (performance.now() - lastOutputAt());
    if (wait <= 0) return false;
    let timer: NodeJS.Timeout | undefined;
    const idle = new Promise<false>((resolve) => {
      timer = setTimeout(resolve, wait, false);
    });
    const result = await Promise.race([closed.then(() => true), idle]);
    clearTimeout(timer);
    if (result) return true;
  }
}

/** `overlay` wins; on Windows variable names are case-insensitive (`Path` vs `PATH`). */
function mergeEnv(base: NodeJS.ProcessEnv, overlay: Record<string, string>): NodeJS.ProcessEnv {
  const merged: NodeJS.ProcessEnv = { ...base };
  if (isWindows) {
    const overridden = new Set(Object.keys(overlay).map((key) => key.toUpperCase()));
    for (const key of Object.keys(merged)) if (overridden.has(key.toUpperCase())) delete merged[key];
  }
  return Object.assign(merged, overlay);
}

function describeSpawnError(error: unknown, plan: SpawnPlan): string {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ENOENT' || code === 'ENOTDIR') {
    // ENOENT also comes from a missing cwd; name the right culprit.
    if (!isDirectory(plan.cwd)) return `working directory not found: ${plan.cwd}`;
    return `executable not found: ${plan.command}`;
  }
  if (code === 'EACCES') return `executable not permitted (not executable or no access): ${plan.command}`;
  return `failed to start ${plan.command}: ${errorMessage(error)}`;
}

function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function sinceMs(startedAt: number): number {
  return Math.round(performance.now() - startedAt);
}
