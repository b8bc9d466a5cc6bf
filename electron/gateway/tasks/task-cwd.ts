import { realpathSync, statSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { isAbsolute, join, relative, resolve, sep } from 'node:path';
import type { AgentConfig } from '../../../shared/schemas/agent.js';
import type { TasksConfig } from '../../../shared/schemas/config.js';
import { HttpError } from '../http/http-error.js';

export const expandHome = (path: string) => (path === '~' ? homedir() : path.startsWith('~/') ? join(homedir(), path.slice(2)) : path);

const real = (path: string): string | undefined => {
  try {
    return realpathSync(path);
  } catch {
    return undefined;
  }
};

/**
 * The directories a task's `options.cwd` may be in: `tasks.allowedRoots` (default: the home
 * directory and the system temp directory), symlinks resolved. A root that does not exist
 * admits nothing.
 */
export function allowedRoots(tasks: Pick<TasksConfig, 'allowedRoots'>): string[] {
  const configured = tasks.allowedRoots ?? [homedir(), tmpdir()];
  return [...new Set(configured.map((root) => real(resolve(expandHome(root)))).filter((root): root is string => root !== undefined))];
}

/**
 * Where a task asked to run, made absolute and checked: a relative path is taken from the
 * agent's `cwd` (else the home directory), symlinks are resolved before the check (a link
 * inside a root may point anywhere), and the result must be an existing directory inside
 * one of `roots` or inside the agent's own `cwd`, which its config already chose.
 */
export function resolveTaskCwd(requested: string, agent: AgentConfig, roots: string[]): string {
  const base = agent.cwd ? resolve(expandHome(agent.cwd)) : homedir();
  const wanted = resolve(base, requested);
  const found = real(wanted);
  if (!found || !isDirectory(found)) throw new HttpError(400, 'CWD_NOT_FOUND', `options.cwd: no directory ${wanted}`);
  const agentCwd = agent.cwd ? real(base) : undefined;
  const admitted = agentCwd ? [...roots, agentCwd] : roots;
  if (!admitted.some((root) => isInside(found, root))) {
    const names = admitted.length ? admitted.join(', ') : '(none)';
    throw new HttpError(400, 'CWD_NOT_ALLOWED', `options.cwd ${found} is outside the directories tasks may run in (tasks.allowedRoots, and the agent's cwd): ${names}`);
  }
  return found;
}

export function isInside(path: string, root: string): boolean {
  const rel = process.platform === 'win32' ? relative(root.toLowerCase(), path.toLowerCase()) : relative(root, path);
  return rel === '' || (rel !== '..' && !rel.startsWith(`..${sep}`) && !isAbsolute(rel));
}

function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}
