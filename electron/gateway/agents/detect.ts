import { execFile } from 'node:child_process';
import { accessSync, constants, statSync } from 'node:fs';
import { delimiter, isAbsolute, join, resolve } from 'node:path';

export interface Detection {
  found: boolean;
  path: string | null;
  version: string | null;
  error: string | null;
  detectedAt: string;
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

/** Finds the binary and asks it for its version (bounded in time; never through a shell). */
export async function detectBinary(command: string, versionArgs: string[] | undefined, env: NodeJS.ProcessEnv = process.env): Promise<Detection> {
  const detectedAt = new Date().toISOString();
  const path = resolveExecutable(command, env);
  if (!path) return { found: false, path: null, version: null, error: `${command} not found on PATH`, detectedAt };
  if (!versionArgs) return { found: true, path, version: null, error: null, detectedAt };
  const version = await new Promise<string | null>((done) => {
    execFile(path, versionArgs, { timeout: 10_000, env, windowsHide: true }, (error, stdout, stderr) => {
      if (error && !stdout) return done(null);
      const text = `${stdout}\n${stderr}`;
      done(/\d+\.\d+(?:\.\d+)?(?:[-+.][\w.]+)?/.exec(text)?.[0] ?? (text.trim().split('\n')[0] || null));
    });
  });
  return { found: true, path, version, error: null, detectedAt };
}
