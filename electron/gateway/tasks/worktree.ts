import { existsSync, realpathSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { basename, dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { git, isDirectory, repoRoot, WorktreeError } from './worktree-git.js';

export { WorktreeError, type WorktreeErrorCode } from './worktree-git.js';
export { worktreeDiffStat, type WorktreeDiffStat } from './worktree-diff-stat.js';

export interface Worktree {
  path: string;
  branch: string;
  /** The commit the branch starts from: the repository's HEAD when it was created. */
  base: string;
}

export interface CreateWorktreeOptions {
  /**
   * Directory that holds worktrees, as `<baseDir>/<repo-name>/<task-id>`. Default: a
   * `.agentmesh-worktrees` directory beside the repository, so the worktree is never inside
   * the repository's own work tree (where it would show up as untracked files).
   */
  baseDir?: string;
  /** Prepended to the branch name (`<short-id>-<slug of the title>`). */
  branchPrefix?: string;
  /** What the task is about (its prompt): the branch name carries a slug of it. */
  title?: string;
}

export const DEFAULT_BRANCH_PREFIX = 'agentmesh/';
export const WORKTREES_DIR_NAME = '.agentmesh-worktrees';

/** True when `dir` is inside the work tree of a git repository. Throws only if git is missing. */
export async function isGitRepo(dir: string): Promise<boolean> {
  try {
    await repoRoot(dir);
    return true;
  } catch (error) {
    if (error instanceof WorktreeError && error.code !== 'GIT_NOT_FOUND') return false;
    throw error;
  }
}

/**
 * Checks out the repository's current HEAD into a fresh worktree on a new branch, for one
 * task. The user's checkout is not touched (its uncommitted changes are not carried over).
 */
export async function createWorktree(repoDir: string, taskId: string, opts: CreateWorktreeOptions = {}): Promise<Worktree> {
  const root = resolve(await repoRoot(repoDir));
  const name = sanitizeName(taskId);
  const slug = opts.title ? slugOf(opts.title) : '';
  const branch = `${opts.branchPrefix ?? DEFAULT_BRANCH_PREFIX}${shortId(name)}${slug ? `-${slug}` : ''}`;
  try {
    await git(root, ['check-ref-format', '--branch', branch]);
  } catch (error) {
    throw new WorktreeError('INVALID_NAME', `not a valid branch name: ${branch}`, '', { cause: error });
  }
  const baseDir = resolve(opts.baseDir ?? join(dirname(root), WORKTREES_DIR_NAME));
  const path = join(baseDir, basename(root), name);
  if (isWithin(path, root) && !isWithin(path, join(root, '.git'))) {
    throw new WorktreeError('INVALID_NAME', `refusing to create a worktree inside the work tree of ${root}: ${path}`);
  }
  if (existsSync(path)) throw new WorktreeError('PATH_EXISTS', `worktree path already exists: ${path}`);

  const base = await headCommit(root);
  await mkdir(dirname(path), { recursive: true });
  await git(root, ['worktree', 'add', '-b', branch, path, base]);
  return { path, branch, base };
}

/**
 * Removes a worktree (discarding whatever the agent left in it) and optionally its branch.
 * A worktree whose directory is already gone is pruned; an unknown path that does not
 * exist is a no-op, so removal can be retried.
 */
export async function removeWorktree(repoDir: string, path: string, opts: { deleteBranch?: boolean } = {}): Promise<void> {
  const root = await repoRoot(repoDir);
  const worktrees = await listWorktrees(root);
  const index = worktrees.findIndex((entry) => samePath(entry.path, path));
  if (index === -1) {
    if (existsSync(path)) throw new WorktreeError('NOT_A_WORKTREE', `not a worktree of ${root}: ${path}`);
    return;
  }
  if (index === 0) throw new WorktreeError('NOT_A_WORKTREE', `refusing to remove the main work tree of ${root}: ${path}`);
  const entry = worktrees[index]!;
  if (isDirectory(entry.path)) await git(root, ['worktree', 'remove', '--force', entry.path]);
  else await git(root, ['worktree', 'prune']);
  if (opts.deleteBranch && entry.branch) await git(root, ['branch', '-D', entry.branch]);
}

async function headCommit(root: string): Promise<string> {
  try {
    return (await git(root, ['rev-parse', '--verify', 'HEAD^{commit}'])).trim();
  } catch (error) {
    throw new WorktreeError('NO_COMMITS', `repository has no commit to branch from: ${root}`, '', { cause: error });
  }
}

interface WorktreeEntry {
  path: string;
  /** Short branch name; undefined when detached. */
  branch?: string;
}

async function listWorktrees(root: string): Promise<WorktreeEntry[]> {
  const out = await git(root, ['worktree', 'list', '--porcelain']);
  const entries: WorktreeEntry[] = [];
  for (const line of out.split('\n')) {
    if (line.startsWith('worktree ')) entries.push({ path: line.slice('worktree '.length) });
    else if (line.startsWith('branch refs/heads/') && entries.length > 0) {
      entries[entries.length - 1]!.branch = line.slice('branch refs/heads/'.length);
    }
  }
  return entries;
}

/** Task ids become a branch-name component and a directory name: keep them plain. */
function sanitizeName(taskId: string): string {
  const name = taskId
    .replace(/[^A-Za-z0-9._-]+/g, '-')
    .replace(/\.{2,}/g, '.')
    .replace(/\.lock$/i, '-lock')
    .slice(0, 80)
    .replace(/^[-.]+|[-.]+$/g, '');
  if (!name) throw new WorktreeError('INVALID_NAME', `task id gives no usable worktree name: ${JSON.stringify(taskId)}`);
  return name;
}

/** `task_0e7a1b2c-3d4e-…` -> `0e7a1b2c`: enough to find the task, short enough to read. */
function shortId(name: string): string {
  const uuid = /^(?:task[_-])?([0-9a-f]{8})-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.exec(name);
  return uuid ? uuid[1]!.toLowerCase() : name;
}

/** The first words of a prompt's first line as a branch-name part: `Fix the login bug!` -> `fix-the-login-bug`. */
export function slugOf(title: string, maxLength = 40): string {
  const [firstLine = ''] = title.trim().split('\n');
  const slug = firstLine
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  if (slug.length <= maxLength) return slug;
  const cut = slug.slice(0, maxLength + 1);
  const lastDash = cut.lastIndexOf('-');
  return (lastDash > maxLength / 2 ? cut.slice(0, lastDash) : cut.slice(0, maxLength)).replace(/-+$/, '');
}

function isWithin(child: string, parent: string): boolean {
  const rel = relative(canonical(parent), canonical(child));
  return rel === '' || (rel !== '..' && !rel.startsWith(`..${sep}`) && !isAbsolute(rel));
}

function samePath(a: string, b: string): boolean {
  const left = canonical(a);
  const right = canonical(b);
  return process.platform === 'win32' ? left.toLowerCase() === right.toLowerCase() : left === right;
}

/** Real path where the path (or its nearest existing ancestor) exists, so symlinks compare equal. */
function canonical(path: string): string {
  const absolute = resolve(path);
  let existing = absolute;
  while (!existsSync(existing) && dirname(existing) !== existing) existing = dirname(existing);
  try {
    return join(realpathSync(existing), relative(existing, absolute));
  } catch {
    return absolute;
  }
}
