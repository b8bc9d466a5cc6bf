import { execFile } from 'node:child_process';
import { accessSync, constants, statSync } from 'node:fs';
import { delimiter, isAbsolute, join, resolve } from 'node:path';

export interface Detection {
  found: boolean;
  path: string | null;
  version: string | null;
  error: string | null;
  detectedAt: string;
  /** The CLI did not print its version in time: worth asking again later. */
  timedOut?: boolean;
}

const isExecutable = (file: string) => {
  try {
    if (!statSync(file).isFile()) return false;
    accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
};

/** Resolves a command the way a shell would (a path, or a name on PATH), without a shell. */
export function resolveExecutable(command: string, env: NodeJS.ProcessEnv = process.env): string | null {
  if (command.includes('/') || command.includes('\\') || isAbsolute(command)) {
    const full = resolve(command);
    return isExecutable(full) ? full : null;
  }
  const extensions = process.platform === 'win32' ? (env.PATHEXT ?? '.EXE;.CMD;.BAT').split(';') : [''];
  for (const dir of (env.PATH ?? '').split(delimiter)) {
    if (!dir) continue;
    for (const extension of extensions) {
      const candidate = join(dir, command + extension);
      if (isExecutable(candidate)) return candidate;
    }
  }
  return null;
}

/**
 * Finds the binary and asks it for its version, never through a shell. A CLI that has not
 * answered within `timeoutMs` is reported not found (with the reason) and killed: a wedged
 * `--version` must not hold anything up, nor keep a process behind.
 */
export async function detectBinary(command: string, versionArgs: string[] | undefined, env: NodeJS.ProcessEnv = process.env, timeoutMs = 5_000): Promise<Detection> {
  const detectedAt = new Date().toISOString();
  const path = resolveExecutable(command, env);
  if (!path) return { found: false, path: null, version: null, error: `${command} not found on PATH`, detectedAt };
  if (!versionArgs) return { found: true, path, version: null, error: null, detectedAt };
  const answer = await new Promise<{ version: string | null } | 'timeout'>((done) => {
    const child = execFile(path, versionArgs, { env, windowsHide: true }, (error, stdout, stderr) => {
      clearTimeout(timer);
      if (error && !stdout) return done({ version: null });
      const text = `${stdout}\n${stderr}`;
      done({ version: /\d+\.\d+(?:\.\d+)?(?:[-+.][\w.]+)?/.exec(text)?.[0] ?? (text.trim().split('\n')[0] || null) });
    });
    // Settle on our own clock: execFile's callback waits for the output pipes, which a child of the CLI may hold open.
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      done('timeout');
    }, timeoutMs);
  });
  if (answer === 'timeout') {
    const error = `'${[command, ...versionArgs].join(' ')}' did not answer within ${timeoutMs} ms (detected again when a task needs it, or on a config change)`;
    return { found: false, path, version: null, error, detectedAt, timedOut: true };
  }
  return { found: true, path, version: answer.version, error: null, detectedAt };
}
