import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { availableParallelism } from 'node:os';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

export const repoRoot = fileURLToPath(new URL('..', import.meta.url));

const running = new Set<ChildProcess>();
// Last resort: however the bench ends, no child outlives it.
process.on('exit', () => {
  for (const child of running) child.kill('SIGKILL');
});

/** Pinning needs two cores and taskset; without it the scheduler places the processes. */
export function canPin(): boolean {
  if (availableParallelism() < 2) return false;
  try {
    execFileSync('taskset', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/** Moves every thread of process `pid` (and the threads it starts later) onto `cpu`. */
export function pin(pid: number, cpu: number): void {
  execFileSync('taskset', ['-a', '-p', '-c', String(cpu), String(pid)], { stdio: 'ignore' });
}

export const pinSelf = (cpu: number) => pin(process.pid, cpu);

export interface SpawnNodeOptions {
  /** Pin the child to this CPU; taskset execs node, so the pid is node's own. */
  cpu?: number;
  ipc?: boolean;
  /** Added to this process's environment. */
  env?: Record<string, string>;
}

export function spawnNode(args: string[], options: SpawnNodeOptions = {}): ChildProcess {
  const [command, argv] =
    options.cpu === undefined
      ? [process.execPath, args]
      : ['taskset', ['-c', String(options.cpu), process.execPath, ...args]];
  const child = spawn(command, argv, {
    cwd: repoRoot,
    stdio: options.ipc ? ['ignore', 'pipe', 'pipe', 'ipc'] : ['ignore', 'pipe', 'pipe'],
    ...(options.env ? { env: { ...process.env, ...options.env } } : {}),
  });
  running.add(child);
  child.once('exit', () => running.delete(child));
  return child;
}

/** Keeps the last `max` stderr lines of a child, to explain a failure. */
export function stderrTail(child: ChildProcess, max = 30): () => string {
  const lines: string[] = [];
  if (child.stderr) {
    createInterface({ input: child.stderr }).on('line', (line) => {
      lines.push(line);
      if (lines.length > max) lines.shift();
    });
  }
  return () => lines.join('\n');
}

/** Resolves with the first stdout line matching `pattern`; rejects on exit or timeout. */
export function waitForLine(child: ChildProcess, pattern: RegExp, timeoutMs: number, explain: () => string): Promise<RegExpMatchArray> {
  return new Promise((resolve, reject) => {
    const lines = createInterface({ input: child.stdout! });
    const finish = (error: Error | undefined, match?: RegExpMatchArray) => {
      clearTimeout(timer);
      child.off('exit', onExit);
      lines.off('line', onLine);
      if (error) reject(error);
      else resolve(match!);
    };
    const onLine = (line: string) => {
      const match = pattern.exec(line);
      if (match) finish(undefined, match);
    };
    const onExit = (code: number | null) => finish(new Error(`child exited (${code}) before ready:\n${explain()}`));
    const timer = setTimeout(() => finish(new Error(`child not ready within ${timeoutMs} ms:\n${explain()}`)), timeoutMs);
    lines.on('line', onLine);
    child.once('exit', onExit);
  });
}

/** SIGTERM, then SIGKILL after `graceMs`. */
export async function stopChild(child: ChildProcess, graceMs = 5_000): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = once(child, 'exit');
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
  await exited;
  clearTimeout(timer);
}
