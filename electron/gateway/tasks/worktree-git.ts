import { execFile } from 'node:child_process';
import { statSync } from 'node:fs';

export type WorktreeErrorCode =
  | 'GIT_NOT_FOUND'
  | 'NOT_A_DIRECTORY'
  | 'NOT_A_GIT_REPO'
  | 'NO_COMMITS'
  | 'INVALID_NAME'
  | 'PATH_EXISTS'
  | 'NOT_A_WORKTREE'
  | 'GIT_FAILED';

export class WorktreeError extends Error {
  constructor(
    readonly code: WorktreeErrorCode,
    message: string,
    readonly stderr = '',
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'WorktreeError';
  }
}

/**
 * Variables that point git at a particular repository or index. Inherited from a git hook
 * (tests run from pre-commit, say) they would redirect every call to the wrong repository.
 */
const REPO_LOCATING_ENV = ['GIT_DIR', 'GIT_WORK_TREE', 'GIT_INDEX_FILE', 'GIT_COMMON_DIR', 'GIT_OBJECT_DIRECTORY', 'GIT_ALTERNATE_OBJECT_DIRECTORIES', 'GIT_NAMESPACE', 'GIT_PREFIX'];

export interface GitCallOptions {
  /** Extra environment, e.g. GIT_INDEX_FILE for a scratch index. */
  env?: Record<string, string>;
  /** Written to git's stdin. */
  input?: string;
}

/** Runs `git -C dir ...args` (no shell) and resolves with stdout. */
export function git(dir: string, args: string[], options: GitCallOptions = {}): Promise<string> {
  const env: NodeJS.ProcessEnv = { ...process.env, GIT_TERMINAL_PROMPT: '0' };
  for (const name of REPO_LOCATING_ENV) delete env[name];
  Object.assign(env, options.env);
  return new Promise((resolve, reject) => {
    const child = execFile(
      'git',
      ['-C', dir, ...args],
      { env, maxBuffer: 64 * 1024 * 1024, windowsHide: true, encoding: 'utf8' },
      (error, stdout, stderr) => {
        if (!error) return resolve(stdout);
        if ((error as NodeJS.ErrnoException).code === 'ENOENT' && !stderr) {
          return reject(new WorktreeError('GIT_NOT_FOUND', 'git is not installed or not on PATH', '', { cause: error }));
        }
        const detail = stderr.trim() || error.message;
        reject(new WorktreeError('GIT_FAILED', `git ${args.join(' ')} failed in ${dir}: ${detail}`, stderr, { cause: error }));
      },
    );
    child.stdin?.on('error', () => {
      // git exited before reading its input; the exit status above reports the failure.
    });
    child.stdin?.end(options.input);
  });
}

/** The top-level directory of the work tree containing `dir`; a clear error otherwise. */
export async function repoRoot(dir: string): Promise<string> {
  if (!isDirectory(dir)) throw new WorktreeError('NOT_A_DIRECTORY', `not a directory: ${dir}`);
  try {
    return (await git(dir, ['rev-parse', '--show-toplevel'])).trim();
  } catch (error) {
    if (error instanceof WorktreeError && error.code === 'GIT_FAILED') {
      throw new WorktreeError('NOT_A_GIT_REPO', `not a git repository (or not inside its work tree): ${dir}`, error.stderr, { cause: error });
    }
    throw error;
  }
}

export function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}
